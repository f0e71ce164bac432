"""The login throttle under parallel guessing, over real HTTP: a try is counted before its password is verified.

Forty guesses sent at once for one account must not all be verified (the limit is 5 per
email): without counting up front, every request passes the check while the first ones
are still hashing, and the right password among them logs in.
"""

from __future__ import annotations

import concurrent.futures
import re
import threading
import uuid

import pytest
import requests

from pdflet.db.models import AuditEvent
from pdflet.services.audit import login_name
from pdflet.services.passwords import Passwords
from pdflet.services.users import create_user
from tests.conftest import free_port, start_server, stop_server
from tests.helpers import PASSWORD
from tests.scaled_support import redis_for_tests

GUESSES = 40
ALLOWED = 5  # the default PDFLET_LOGIN_FAILURES_ALLOWED


def api_guesses(server, email: str) -> list[int]:
    """GUESSES logins at once from one address; the last one carries the right password."""
    ip = f"198.51.100.{uuid.uuid4().int % 250 + 1}"
    barrier = threading.Barrier(GUESSES)

    def guess(i: int) -> int:
        password = PASSWORD if i == GUESSES - 1 else f"wrong guess {i}"
        barrier.wait()
        r = requests.post(server.url + "/api/v1/auth/jwt/create/", json={"email": email, "password": password},
                          headers={"X-Real-Ip": ip}, timeout=60)
        assert r.status_code in (200, 401, 429), r.text
        return r.status_code

    with concurrent.futures.ThreadPoolExecutor(GUESSES) as pool:
        return list(pool.map(guess, range(GUESSES)))


def slow_user():
    """A user hashed with the production argon2 cost, so verifying takes as long as it does for real users."""
    return create_user(Passwords(), f"race-{uuid.uuid4().hex[:10]}@example.com", PASSWORD)


def verified_failures(email: str) -> int:
    """Wrong passwords the server actually checked: each leaves one ``login.failed`` in the audit trail."""
    return AuditEvent.select().where(
        (AuditEvent.action == "login.failed") & AuditEvent.detail.in_([email, login_name(email)])
    ).count()


def assert_throttled_before_verifying(statuses: list[int], email: str) -> None:
    verified = [s for s in statuses if s != 429]
    assert len(verified) <= ALLOWED, statuses
    assert statuses.count(429) >= GUESSES - ALLOWED
    assert verified_failures(email) <= ALLOWED


def test_parallel_api_guesses_are_counted_before_verifying(server, db):
    user = slow_user()
    statuses = api_guesses(server, user.email)
    assert_throttled_before_verifying(statuses, user.email)
    later = server.post("/api/v1/auth/jwt/create/", json={"email": user.email, "password": PASSWORD},
                        headers={"X-Real-Ip": "198.51.100.251"})
    if 200 not in statuses:  # the account stays locked for its window, right password or not
        assert later.status_code == 429


def test_parallel_admin_form_guesses_are_counted_before_verifying(server, db):
    user = slow_user()
    ip = f"198.51.100.{uuid.uuid4().int % 250 + 1}"
    session = requests.Session()
    page = session.get(server.url + "/admin/login", timeout=10).text
    token = re.search(r'name="_xsrf" value="([^"]+)"', page).group(1)
    cookies = session.cookies.get_dict()
    barrier = threading.Barrier(GUESSES)

    def guess(i: int) -> int:
        password = PASSWORD if i == GUESSES - 1 else f"wrong guess {i}"
        barrier.wait()
        r = requests.post(server.url + "/admin/login", data={"email": user.email, "password": password,
                                                             "_xsrf": token},
                          cookies=cookies, headers={"X-Real-Ip": ip}, allow_redirects=False, timeout=60)
        assert r.status_code in (303, 400, 429), r.text[:300]
        return r.status_code

    with concurrent.futures.ThreadPoolExecutor(GUESSES) as pool:
        statuses = list(pool.map(guess, range(GUESSES)))
    assert_throttled_before_verifying(statuses, user.email)


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory, server):
    redis_lib = pytest.importorskip("redis")
    redis = redis_for_tests(tmp_path_factory.mktemp("redis"), free_port())
    redis_lib.Redis.from_url(redis.url).flushdb()
    srv = start_server(tmp_path_factory.mktemp("redis-login"), {"PDFLET_REDIS_URL": redis.url},
                       database_url=server.database_url)
    yield srv
    stop_server(srv)
    redis.stop()


def test_parallel_guesses_with_the_redis_throttle(redis_server, db):
    user = slow_user()
    assert_throttled_before_verifying(api_guesses(redis_server, user.email), user.email)
