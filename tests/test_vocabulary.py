"""Tests for pipeline.values.vocabulary: the tables agree with each other and with what the
normalisers accept."""

from __future__ import annotations

import doctest

from hypothesis import given
from hypothesis import strategies as st

from pipeline.values import normalize as n
from pipeline.values import vocabulary as v


def test_applications_stand_for_transports() -> None:
    for name, transports in v.APPLICATIONS.items():
        assert name == " ".join(name.lower().split()), name  # keys as lookups fold them
        assert transports and set(transports) <= set(v.TRANSPORTS), name
        assert not v.is_transport(name), name  # a transport is never an application


def test_any_is_not_a_role() -> None:
    # "Internet" is the side a flow comes from, printed as a role: never "any".
    assert not v.is_any("Internet") and v.is_any("Any") and v.is_any("*")
    assert not (v.ANY_WORDS & v.EPHEMERAL_WORDS)


def test_ephemeral_ranges_are_port_ranges() -> None:
    for first, last in v.EPHEMERAL_RANGES:
        assert n.ports(f"{first}-{last}") == [(first, last)]


def test_months_are_what_dates_read() -> None:
    assert sorted(set(v.MONTHS.values())) == list(range(1, 13))
    for name, month in v.MONTHS.items():
        assert n.date(f"{name.title()} 2024") == f"2024-{month:02d}"


@given(st.text())
def test_lookups_never_raise(text: str) -> None:
    v.application_transports(text)
    v.is_transport(text)
    v.is_any(text)
    v.is_ephemeral(text)


@given(st.sampled_from(sorted(v.APPLICATIONS)), st.sampled_from([str.upper, str.title, str.lower]))
def test_lookups_fold_case_and_spaces(name: str, case: object) -> None:
    printed = case(name).replace(" ", "  ")  # type: ignore[operator]
    assert v.application_transports(printed) == v.APPLICATIONS[name]


def test_docstring_examples() -> None:
    result = doctest.testmod(v, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0 and result.attempted > 0
