"""The Redis-backed limiters against a real redis-server (started here on a free port), and their fallback."""

from __future__ import annotations

import concurrent.futures

import pytest

from pdflet.config import Settings
from pdflet.errors import Throttled
from pdflet.services.limiters import build_limiters
from pdflet.services.limits import LoginThrottle, RateLimiter
from tests.conftest import free_port
from tests.scaled_support import redis_for_tests

redis = pytest.importorskip("redis")
from pdflet.services import redis_limits  # noqa: E402


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    server = redis_for_tests(tmp_path_factory.mktemp("redis"), free_port())
    yield server.url
    server.stop()


@pytest.fixture
def limiters(redis_url):
    redis.Redis.from_url(redis_url).flushdb()
    return redis_limits.build(redis_url, login_allowed=2, login_window=300, login_ip_allowed=3)


def test_rate_limit_counts_in_redis_with_headers(limiters):
    limiter, _ = limiters
    decisions = [limiter.hit("key:1", 3) for _ in range(4)]
    assert [d.allowed for d in decisions] == [True, True, True, False]
    assert [d.remaining for d in decisions] == [2, 1, 0, 0]
    assert all(55 <= d.reset_seconds <= 60 for d in decisions)
    assert limiter.hit("key:2", 3).remaining == 2
    assert limiter.hit("key:3", 0).allowed


def test_two_limiters_share_one_window(redis_url, limiters):
    """Two web processes (two clients) never hand out more than the limit between them."""
    first, _ = limiters
    second, _ = redis_limits.build(redis_url, login_allowed=2, login_window=300, login_ip_allowed=3)
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda i: (first if i % 2 else second).hit("key:shared", 25), range(60)))
    assert sum(d.allowed for d in results) == 25


def test_login_throttle_in_redis(limiters):
    _, throttle = limiters
    throttle.failed(["email:a", "ip:1"])
    throttle.failed(["email:a", "ip:1"])
    with pytest.raises(Throttled) as info:
        throttle.check(["email:a", "ip:1"])
    assert 295 <= int(info.value.headers["Retry-After"]) <= 300
    throttle.check(["email:b", "ip:1"])
    throttle.failed(["email:b", "ip:1"])
    with pytest.raises(Throttled):
        throttle.check(["email:c", "ip:1"])  # the IP is out of tries
    throttle.succeeded(["email:a"])
    throttle.check(["email:a"])


def test_login_attempts_are_counted_atomically_in_redis(redis_url, limiters):
    _, first = limiters
    _, second = redis_limits.build(redis_url, login_allowed=2, login_window=300, login_ip_allowed=50)

    def one(i):
        try:
            (first if i % 2 else second).attempt(["email:race", f"ip:{i}"])
            return True
        except Throttled:
            return False

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        assert sum(pool.map(one, range(40))) == 2


def test_a_passed_login_gives_the_ip_its_try_back(limiters):
    _, throttle = limiters
    throttle.attempt(["email:p", "ip:7"])
    throttle.attempt(["email:p", "ip:7"])
    ok = throttle.attempt(["email:q", "ip:7"])
    with pytest.raises(Throttled):
        throttle.attempt(["email:r", "ip:7"])  # the IP (3 tries) is full, and email:r was given its try back
    throttle.passed(ok)
    throttle.attempt(["email:r", "ip:7"])
    throttle.attempt(["email:r", "ip:8"])  # email:r counts one try each: 2 allowed


def test_redis_down_falls_back_to_this_process():
    port = free_port()  # nothing listens here
    limiter, throttle = redis_limits.build(f"redis://127.0.0.1:{port}/0", login_allowed=1, login_window=300,
                                           login_ip_allowed=5)
    decisions = [limiter.hit("key:1", 2) for _ in range(3)]
    assert [d.allowed for d in decisions] == [True, True, False]  # still limited, counted here
    throttle.failed(["email:x"])
    with pytest.raises(Throttled):
        throttle.check(["email:x"])
    throttle.passed(throttle.attempt(["email:y"]))  # counted by the fallback, and released there
    throttle.attempt(["email:y"])


def test_build_limiters_picks_by_settings(redis_url, tmp_path):
    rate, login = build_limiters(Settings(data_dir=tmp_path))
    assert isinstance(rate, RateLimiter) and isinstance(login, LoginThrottle)
    rate, login = build_limiters(Settings(data_dir=tmp_path, redis_url=redis_url))
    assert isinstance(rate, redis_limits.RedisRateLimiter)
    assert isinstance(login, redis_limits.RedisLoginThrottle)
