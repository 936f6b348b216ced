"""Shared fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest
from corpus import SCORE, SHARED


@pytest.fixture
def shared() -> Path:
    if not SCORE.is_file():
        pytest.skip("../shared (corpus and score.py) is not beside the project")
    return SHARED
