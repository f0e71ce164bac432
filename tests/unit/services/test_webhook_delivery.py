"""services/webhook_delivery.py: retry delays."""

from __future__ import annotations

import random

from pdflet.services.webhook_delivery import MAX_DELAY, backoff


def test_retry_delays_grow_exponentially_with_jitter_and_a_cap():
    rng = random.Random(7)
    delays = [backoff(30, n, rng) for n in range(1, 12)]
    for n, delay in enumerate(delays, start=1):
        full = min(MAX_DELAY, 30 * 2 ** (n - 1))
        assert full / 2 <= delay <= full
    assert len({round(backoff(30, 3, rng), 6) for _ in range(20)}) > 1  # jittered
