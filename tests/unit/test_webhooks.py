"""Signing and verifying webhooks, retry delays, webhook URL rules, idempotency fingerprints, result names."""

from __future__ import annotations

import hashlib
import hmac
import random

import pytest

from pdflet.errors import InvalidRequest
from pdflet.request import RenderRequest
from pdflet.services.idempotency import check_key, fingerprint
from pdflet.services.results import DirectoryResultStore
from pdflet.services.webhook_delivery import MAX_DELAY, backoff
from pdflet.services.webhook_targets import check_url
from pdflet.webhooks import WebhookSignatureError, sign, verify

SECRET = "whsec_" + "a" * 32
BODY = b'{"id":"evt_1","type":"job.succeeded"}'


def test_a_signature_is_stripes_scheme_and_verifies():
    header = sign(BODY, [SECRET], timestamp=1_700_000_000)
    expected = hmac.new(SECRET.encode(), b"1700000000." + BODY, hashlib.sha256).hexdigest()
    assert header == f"t=1700000000,v1={expected}"
    assert verify(BODY, header, SECRET, now=1_700_000_100)["type"] == "job.succeeded"
    assert verify(BODY.decode(), header, SECRET, now=1_700_000_100)["id"] == "evt_1"


@pytest.mark.parametrize("header", [
    "", "t=1700000000", "v1=abc", "t=abc,v1=abc", "t=1700000000,v1=" + "0" * 64,
    "t=1700000000,v0=" + hmac.new(SECRET.encode(), b"1700000000." + BODY, hashlib.sha256).hexdigest(),
    "t=" + "9" * 40 + ",v1=abc",
])
def test_bad_headers_are_refused(header):
    with pytest.raises(WebhookSignatureError):
        verify(BODY, header, SECRET, now=1_700_000_000)


def test_old_or_future_signatures_are_refused_within_tolerance_only():
    header = sign(BODY, [SECRET], timestamp=1_700_000_000)
    for now in (1_700_000_301, 1_699_999_699):
        with pytest.raises(WebhookSignatureError):
            verify(BODY, header, SECRET, now=now)
    assert verify(BODY, header, SECRET, tolerance=0, now=2_000_000_000)


def test_during_a_roll_either_secret_verifies():
    old, new = SECRET, "whsec_" + "b" * 32
    header = sign(BODY, [new, old], timestamp=1_700_000_000)
    assert header.count("v1=") == 2
    assert verify(BODY, header, old, now=1_700_000_000) == verify(BODY, header, new, now=1_700_000_000)
    with pytest.raises(WebhookSignatureError):
        verify(BODY, header, "whsec_" + "c" * 32, now=1_700_000_000)


def test_retry_delays_grow_exponentially_with_jitter_and_a_cap():
    rng = random.Random(7)
    delays = [backoff(30, n, rng) for n in range(1, 12)]
    for n, delay in enumerate(delays, start=1):
        full = min(MAX_DELAY, 30 * 2 ** (n - 1))
        assert full / 2 <= delay <= full
    assert len({round(backoff(30, 3, rng), 6) for _ in range(20)}) > 1  # jittered


@pytest.mark.parametrize("url", [
    "http://169.254.169.254/latest/meta-data/", "file:///etc/passwd", "ftp://example.com/", "http://127.0.0.1/",
    "http://[::1]:8080/", "http://10.1.2.3/", "http://0x7f.1/", "http://metadata.google.internal/",
    "gopher://x/", "http://a b/", "http://user:pw@8.8.8.8/", "x" * 3000, "", None, 5,
])
def test_webhook_urls_follow_the_remote_address_rules(url):
    with pytest.raises(InvalidRequest):
        check_url(url, ())


def test_an_allow_entry_admits_exactly_that_host_and_port():
    assert check_url("http://127.0.0.1:8080/hook", ["127.0.0.1:8080"])[0].ip == "127.0.0.1"
    for other in ("http://127.0.0.1:8081/", "http://localhost:8080/", "http://0x7f.1:8080/"):
        with pytest.raises(InvalidRequest):
            check_url(other, ["127.0.0.1:8080"])
    assert check_url("https://93.184.215.14/x", ())[0].port == 443


def test_fingerprints_depend_on_the_request_not_its_encoding():
    a = RenderRequest(html="<p>x</p>", plugin_fields={"b": 1, "a": 2})
    b = RenderRequest(html="<p>x</p>", plugin_fields={"a": 2, "b": 1})
    assert fingerprint("pdf", a) == fingerprint("pdf", b)
    assert fingerprint("pdf", a) != fingerprint("jobs", a)
    assert fingerprint("jobs", a, webhook_url=None) != fingerprint("jobs", a, webhook_url="https://x/")
    assert fingerprint("pdf", RenderRequest(html="<p>y</p>")) != fingerprint("pdf", a)


def test_idempotency_keys_are_short_printable_ascii():
    assert check_key(" order-1 ") == "order-1"
    for bad in ("", "   ", "x" * 256, "caf\u00e9", "a\x00b"):
        with pytest.raises(InvalidRequest):
            check_key(bad)


def test_the_result_store_keeps_names_inside_its_directory(tmp_path):
    store = DirectoryResultStore(tmp_path / "results")
    store.put("job_" + "a" * 24 + ".pdf", b"%PDF")
    assert store.get("job_" + "a" * 24 + ".pdf") == b"%PDF"
    assert store.get("job_" + "b" * 24 + ".pdf") is None
    for bad in ("../secret_key", "job_x.pdf", "/etc/passwd", "job_" + "a" * 24 + "/../x"):
        with pytest.raises(ValueError):
            store.put(bad, b"x")
    store.delete("job_" + "a" * 24 + ".pdf")
    assert list((tmp_path / "results").iterdir()) == []
