"""The data directory, the SQLite database and the signing secret are private to the service user."""

from __future__ import annotations

import stat

import pytest

from tests.conftest import start_server, stop_server


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    """A first start on an empty data directory, with SQLite and a generated secret."""
    tmp = tmp_path_factory.mktemp("modes")
    srv = start_server(tmp, database_url=f"sqlite:///{tmp / 'data' / 'pdflet.db'}")
    yield srv
    stop_server(srv)


def test_first_start_creates_the_data_directory_0700(fresh):
    assert mode(fresh.data_dir) == 0o700


@pytest.mark.parametrize("name", ["pdflet.db", "secret_key"])
def test_first_start_creates_the_database_and_secret_0600(fresh, name):
    assert mode(fresh.data_dir / name) == 0o600


def test_sqlite_side_files_are_private_too(fresh):
    assert fresh.get("/healthz").status_code == 200
    side = [p for p in fresh.data_dir.iterdir() if p.name.startswith("pdflet.db-")]
    for path in side:  # -wal and -shm take the database file's mode
        assert mode(path) == 0o600, path
