"""Shared fixtures: one coder for the whole session (model and dictionaries load once)."""

from __future__ import annotations

import pytest

from casus.pipeline import Coder


@pytest.fixture(scope="session")
def coder() -> Coder:
    return Coder()
