"""pdflet/webhooks.py: signing and verifying webhooks (Stripe's scheme), tolerance and secret rolls."""

from __future__ import annotations

import hashlib
import hmac

import pytest

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
