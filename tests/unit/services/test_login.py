"""services/login.py: the throttle counts before verifying, failures are audited, the last allowed try says so."""

from __future__ import annotations

import pytest

from pdflet.db import connect_database, migrate
from pdflet.db.models import AuditEvent
from pdflet.errors import Throttled
from pdflet.services import login
from pdflet.services.limits import LoginThrottle
from pdflet.services.login import LoginFailed, throttle_names
from tests.helpers import FAST, PASSWORD, new_user, run_async


async def _inline(fn, *args):
    return fn(*args)  # the test's SQLite connection belongs to this thread


def verify_login(*args):
    return run_async(login.verify_login(*args, run_io=_inline, run_blocking=_inline))


@pytest.fixture
def sqlite_db(tmp_path):
    from pdflet.db.connection import database_proxy

    previous = database_proxy.obj
    db = connect_database(f"sqlite:///{tmp_path / 'login.db'}")
    migrate(db)
    yield db
    db.close()
    if previous is not None:
        database_proxy.initialize(previous)


def test_the_right_password_logs_in_and_gives_the_ip_its_try_back(sqlite_db):
    user = new_user()
    throttle = LoginThrottle(allowed=2, ip_allowed=2)
    for _ in range(5):  # more than the IP allows: successes do not use it up
        assert verify_login(throttle, FAST, f"  {user.email.upper()} ", PASSWORD, "192.0.2.1").id == user.id


def test_a_failure_is_audited_and_the_last_allowed_one_carries_the_lockout(sqlite_db):
    user = new_user()
    throttle = LoginThrottle(allowed=2, ip_allowed=10)
    with pytest.raises(LoginFailed) as first:
        verify_login(throttle, FAST, user.email, "wrong", "192.0.2.2")
    assert first.value.lockout is None and first.value.status == 401
    with pytest.raises(LoginFailed) as second:
        verify_login(throttle, FAST, user.email, "wrong", "192.0.2.2")
    assert isinstance(second.value.lockout, Throttled)
    with pytest.raises(Throttled):  # even the right password waits now
        verify_login(throttle, FAST, user.email, PASSWORD, "192.0.2.2")
    failed = AuditEvent.select().where(AuditEvent.action == "login.failed").count()
    assert failed == 2  # the refused try was not verified, so not audited as a failure


def test_missing_fields_fail_without_verifying_and_count(sqlite_db):
    throttle = LoginThrottle(allowed=1, ip_allowed=10)
    with pytest.raises(LoginFailed):
        verify_login(throttle, FAST, "", "", "192.0.2.3")
    with pytest.raises(Throttled):
        throttle.attempt(throttle_names("", "192.0.2.3"))


def test_names_are_normalised_and_bounded():
    assert throttle_names("  A@B.Example ", "192.0.2.9") == ["email:a@b.example", "ip:192.0.2.9"]
    assert len(throttle_names("x" * 1000, "ip")[0]) == len("email:") + 254
