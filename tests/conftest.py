"""Shared fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest
from corpus import shared_or_skip


@pytest.fixture
def shared() -> Path:
    return shared_or_skip()
