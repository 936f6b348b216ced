"""Shared fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest
from corpus import shared_or_skip


@pytest.fixture
def shared() -> Path:
    return shared_or_skip()


@pytest.fixture(scope="session")
def genre_printed(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Every variant of tests/genregen.py's VARIANTS printed once per session:
    name -> (pdf or None when its producer is missing, truth, why it is missing)."""
    from genregen import VARIANTS, print_variants

    return print_variants(tmp_path_factory.mktemp("genre-producers"), list(VARIANTS))
