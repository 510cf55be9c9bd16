"""Shared fixtures: one coder for the whole session (model and dictionaries load once)."""

from __future__ import annotations

import pytest

from casus.pipeline import Coder

pytest_plugins = ["pg"]  # pg_server and db_url: a real PostgreSQL server for store tests


@pytest.fixture(scope="session")
def coder() -> Coder:
    return Coder()
