"""services/rate_limiting.py: which counter a caller takes from, refusals, and remote limiters off the loop."""

from __future__ import annotations

import asyncio
import threading

import pytest

from pdflet.db.models import ApiKey, User
from pdflet.errors import Throttled
from pdflet.services.limits import RateLimiter
from pdflet.services.principal import Principal
from pdflet.services.rate_limiting import bucket, take
from tests.helpers import run_async


def principal(key: ApiKey | None = None) -> Principal:
    return Principal(user=User(id=7), scopes=frozenset({"pdf:create"}), key=key)


async def in_thread(fn, *args):
    return await asyncio.get_running_loop().run_in_executor(None, fn, *args)


class RemoteLimiter(RateLimiter):
    """An in-process limiter that says it is remote and notes the thread of every call."""

    remote = True

    def __init__(self) -> None:
        super().__init__()
        self.threads: list[threading.Thread] = []

    def hit(self, name: str, limit: int):
        self.threads.append(threading.current_thread())
        return super().hit(name, limit)


def test_a_key_counts_under_its_own_limit_and_a_login_under_the_users():
    assert bucket(principal(ApiKey(id=3, rate_limit=None, mode="live")), 60) == ("key:3", 60)
    assert bucket(principal(ApiKey(id=3, rate_limit=5, mode="live")), 60) == ("key:3", 5)
    assert bucket(principal(ApiKey(id=3, rate_limit=0, mode="live")), 60) == ("key:3", 0)
    assert bucket(principal(), 60) == ("user:7", 60)


def test_a_remote_limiter_is_never_called_on_the_event_loop():
    limiter = RemoteLimiter()

    async def main():
        await take(limiter, principal(), 5, in_thread)
        return threading.current_thread()

    loop_thread = run_async(main())
    assert limiter.threads and loop_thread not in limiter.threads


def test_an_in_process_limiter_is_called_directly():
    limiter = RateLimiter()
    limiter_threads = []
    original = limiter.hit
    limiter.hit = lambda name, limit: limiter_threads.append(threading.current_thread()) or original(name, limit)

    async def main():
        return await take(limiter, principal(), 5, in_thread), threading.current_thread()

    decision, loop_thread = run_async(main())
    assert decision.allowed and decision.remaining == 4
    assert limiter_threads == [loop_thread]


def test_the_request_past_the_limit_is_refused_with_the_rate_headers():
    limiter = RateLimiter()

    async def main():
        for _ in range(2):
            await take(limiter, principal(), 2, in_thread)
        await take(limiter, principal(), 2, in_thread)

    with pytest.raises(Throttled) as caught:
        run_async(main())
    assert caught.value.headers["X-RateLimit-Limit"] == "2"
    assert caught.value.headers["X-RateLimit-Remaining"] == "0"
    assert int(caught.value.headers["Retry-After"]) >= 1


def test_a_remote_login_throttle_is_called_off_the_loop_and_a_local_one_at_once():
    from pdflet.services.limits import LoginThrottle
    from pdflet.services.rate_limiting import call

    seen = []

    class RemoteThrottle(LoginThrottle):
        remote = True

    def note(name):
        seen.append(threading.current_thread())
        return name

    async def main():
        await call(RemoteThrottle(), in_thread, note, "a")
        await call(LoginThrottle(), in_thread, note, "b")
        return threading.current_thread()

    loop_thread = run_async(main())
    assert seen[0] is not loop_thread and seen[1] is loop_thread
