"""Fixtures shared by every test layer: free ports, a running pdflet server, direct database access."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests

TEST_DATABASE_URL = os.environ.get("PDFLET_TEST_DATABASE_URL")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    """A ``pdflet serve`` process on loopback, exactly as a user starts it."""

    url: str
    data_dir: Path
    database_url: str
    process: subprocess.Popen
    env: dict[str, str] = field(default_factory=dict)
    log_path: Path | None = None

    def get(self, path: str, **kwargs) -> requests.Response:
        return requests.get(self.url + path, timeout=60, **kwargs)

    def post(self, path: str, **kwargs) -> requests.Response:
        return requests.post(self.url + path, timeout=60, **kwargs)

    def delete(self, path: str, **kwargs) -> requests.Response:
        return requests.delete(self.url + path, timeout=60, **kwargs)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path else ""


def start_server(tmp: Path, extra_env: dict[str, str] | None = None, database_url: str | None = None,
                 new_session: bool = False) -> Server:
    port = free_port()
    data_dir = tmp / "data"
    db_url = database_url or TEST_DATABASE_URL or f"sqlite:///{data_dir / 'pdflet.db'}"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("PDFLET_")},
        "PDFLET_DATA_DIR": str(data_dir),
        "PDFLET_DATABASE_URL": db_url,
        "PDFLET_RENDER_WORKERS": "2",
        **(extra_env or {}),
    }
    log_path = tmp / "server.log"
    with log_path.open("wb") as handle:  # the child keeps its own copy of the descriptor
        process = subprocess.Popen(
            [sys.executable, "-m", "pdflet", "serve", "--port", str(port), "--xheaders"],
            env=env, stdout=handle, stderr=subprocess.STDOUT, cwd=tmp,
            start_new_session=new_session,  # a process group of its own: a crash test can SIGKILL all of it
        )
    server = Server(f"http://127.0.0.1:{port}", data_dir, db_url, process, env, log_path)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"pdflet serve exited with {process.returncode}:\n{server.log()}")
        try:
            if requests.get(server.url + "/healthz", timeout=1).status_code == 200:
                return server
        except requests.ConnectionError:
            pass
        time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"pdflet serve did not answer within 60 s:\n{server.log()}")


def stop_server(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One shared server for the session (SQLite file, or PostgreSQL when PDFLET_TEST_DATABASE_URL is set)."""
    srv = start_server(tmp_path_factory.mktemp("server"))
    yield srv
    stop_server(srv)


@pytest.fixture(scope="session")
def db(server: Server):
    """The server's own database, opened from the test process to create users and inspect rows."""
    from pdflet.db import connect_database

    database = connect_database(server.database_url)
    yield database
    database.close()
