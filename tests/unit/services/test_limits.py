import pytest

from pdflet.errors import Throttled
from pdflet.services.limits import LoginThrottle, RateLimiter


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_rate_limiter_window():
    clock = Clock()
    limiter = RateLimiter(clock)
    decisions = [limiter.hit("k", 3) for _ in range(4)]
    assert [d.allowed for d in decisions] == [True, True, True, False]
    assert [d.remaining for d in decisions] == [2, 1, 0, 0]
    assert decisions[-1].reset_seconds == 60
    clock.now += 61
    assert limiter.hit("k", 3).allowed
    assert limiter.hit("other", 3).remaining == 2


def test_unlimited():
    limiter = RateLimiter(Clock())
    assert all(limiter.hit("k", 0).allowed for _ in range(1000))


def test_login_throttle_per_email_and_ip():
    clock = Clock()
    throttle = LoginThrottle(allowed=2, window=300, clock=clock, ip_allowed=3)
    throttle.failed(["email:a", "ip:1"])
    throttle.failed(["email:a", "ip:1"])
    with pytest.raises(Throttled) as info:
        throttle.check(["email:a", "ip:1"])
    assert int(info.value.headers["Retry-After"]) == 300
    throttle.check(["email:b", "ip:1"])  # the IP has one failure left
    throttle.failed(["email:b", "ip:1"])
    with pytest.raises(Throttled):
        throttle.check(["email:c", "ip:1"])
    clock.now += 301
    throttle.check(["email:a", "ip:1"])


def test_success_clears_the_email():
    throttle = LoginThrottle(allowed=1, clock=Clock())
    throttle.failed(["email:a"])
    throttle.succeeded(["email:a"])
    throttle.check(["email:a"])


def test_rate_limiter_is_exact_under_threads():
    import concurrent.futures

    limiter = RateLimiter()
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        decisions = list(pool.map(lambda _: limiter.hit("k", 50), range(400)))
    assert sum(d.allowed for d in decisions) == 50


def test_attempt_counts_before_the_password_is_checked():
    throttle = LoginThrottle(allowed=2, clock=Clock(), ip_allowed=3)
    throttle.attempt(["email:a", "ip:1"])
    throttle.attempt(["email:a", "ip:1"])
    with pytest.raises(Throttled):  # two tries in flight already: the third is refused before verifying
        throttle.attempt(["email:a", "ip:1"])
    first = throttle.attempt(["email:b", "ip:1"])  # the refused try was not counted against the IP
    with pytest.raises(Throttled):
        throttle.attempt(["email:c", "ip:1"])
    throttle.passed(first)  # a success clears its email and gives the IP its try back
    throttle.attempt(["email:b", "ip:1"])


def test_attempt_is_exact_under_threads():
    import concurrent.futures

    throttle = LoginThrottle(allowed=5, ip_allowed=100)

    def one(_):
        try:
            throttle.attempt(["email:x", "ip:9"])
            return True
        except Throttled:
            return False

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        assert sum(pool.map(one, range(200))) == 5
