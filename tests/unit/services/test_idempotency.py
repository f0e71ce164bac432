"""services/idempotency.py: request fingerprints and Idempotency-Key values."""

from __future__ import annotations

import pytest

from pdflet.errors import InvalidRequest
from pdflet.request import RenderRequest
from pdflet.services.idempotency import check_key, fingerprint


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
