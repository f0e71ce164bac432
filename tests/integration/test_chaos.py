"""Chaos, bounded for CI: 32 events (SIGKILL, hand-over deaths, mid-render kills, memory bombs) while three
other users render; every one of their renders must succeed. bench/chaos.py runs the full 200."""

from __future__ import annotations

import pytest

from tests.chaos_support import chaos_env, run_chaos
from tests.conftest import TEST_DATABASE_URL, start_server, stop_server
from tests.helpers import new_key, new_user

pytestmark = pytest.mark.skipif(bool(TEST_DATABASE_URL), reason="database-independent; runs in the SQLite pass")
EVENTS = 32


def test_other_users_renders_all_succeed_while_workers_die_in_every_phase(tmp_path, server, db):
    srv = start_server(tmp_path, chaos_env(workers=2), database_url=server.database_url)
    try:
        users = [new_key(new_user()) for _ in range(3)]
        attacker = new_key(new_user(), mode="test")
        report = run_chaos(srv.url, srv.process.pid, users, attacker, EVENTS)
        assert sum(report.events.values()) == EVENTS
        assert len(report.user_statuses) >= EVENTS
        assert not report.user_failures, report.summary()
        assert set(report.attacker_statuses["mid-render"]) == {200}, report.summary()
        assert set(report.attacker_statuses["memory"]) == {422}, report.summary()
        assert srv.get("/readyz").status_code == 200
        log = srv.log()
        assert "Unexpected error" not in log and "render pool failure" not in log
    finally:
        stop_server(srv)
