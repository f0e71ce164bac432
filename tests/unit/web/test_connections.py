"""web/connections.py: the connection cap fitted to ulimit, and warnings logged once per period."""

from __future__ import annotations

import resource

import pytest

from pdflet.web.connections import FD_PER_WORKER, FD_RESERVE, RateLimitedLog, connection_cap


def test_the_cap_leaves_descriptors_for_the_rest_of_the_process():
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY:
        pytest.skip("no descriptor limit")
    assert connection_cap(10**9, 4) == soft - FD_RESERVE - 4 * FD_PER_WORKER
    assert connection_cap(5, 4) == 5


def test_a_repeating_warning_is_logged_once_per_period(caplog):
    import logging

    limited = RateLimitedLog(logging.getLogger("pdflet.test"), every=3600)
    with caplog.at_level(logging.WARNING, "pdflet.test"):
        results = [limited.warning("out of descriptors %d", n) for n in range(1000)]
    assert results.count(True) == 1 and len(caplog.records) == 1
    assert limited.dropped == 999
