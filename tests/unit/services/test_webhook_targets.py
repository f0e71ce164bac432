"""services/webhook_targets.py: which webhook URLs are allowed."""

from __future__ import annotations

import pytest

from pdflet.errors import InvalidRequest
from pdflet.services.webhook_targets import check_url


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
