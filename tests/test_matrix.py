"""``pipeline.pdf.matrix.apply_matrix_rect`` is pdfminer's, bit for bit, and is the one
installed while a PDF is read."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from pdfminer import utils

from pipeline.pdf.matrix import apply_matrix_rect

# Mostly page-sized values with many digits (where the order of additions shows in the
# last bit), and the odd extreme, NaN, infinity and integer.
NUMBERS = st.one_of(
    st.floats(-2000, 2000),
    st.floats(-2000, 2000),
    st.floats(-2000, 2000),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-(10**6), 10**6),
)


@settings(max_examples=1000)
@given(st.tuples(*[NUMBERS] * 6), st.tuples(*[NUMBERS] * 4))
def test_the_same_floats_as_pdfminer(m: tuple, rect: tuple) -> None:
    # repr tells -0.0 from 0.0 and shows where a NaN lands.
    assert repr(apply_matrix_rect(m, rect)) == repr(utils.apply_matrix_rect(m, rect))


def test_installed_while_a_pdf_is_read() -> None:
    from pdfminer import layout

    from pipeline.pdf.pdfguard import WorkLimits, guarded

    assert layout.apply_matrix_rect is utils.apply_matrix_rect
    with guarded(WorkLimits(), "x.pdf"):
        assert layout.apply_matrix_rect is apply_matrix_rect
    assert layout.apply_matrix_rect is utils.apply_matrix_rect
