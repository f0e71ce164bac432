"""PDFLET_FETCH_ALLOW prefixes are compared part by part, never as raw strings."""

from __future__ import annotations

import pytest

from pdflet.fetch.policy import FetchPolicy, remove_dot_segments

POLICY = FetchPolicy(("https://cdn.example.com/logos/", "http://127.0.0.1:8080/", "https://fonts.example.com"))


@pytest.mark.parametrize(("url", "fetched"), [
    ("https://cdn.example.com/logos/a.png", "https://cdn.example.com:443/logos/a.png"),
    ("HTTPS://CDN.example.com/logos/a.png?v=2", "https://cdn.example.com:443/logos/a.png?v=2"),
    ("https://cdn.example.com:443/logos/x/../a.png", "https://cdn.example.com:443/logos/a.png"),
    ("https://cdn.example.com/logos/a.png#frag", "https://cdn.example.com:443/logos/a.png"),
    ("http://127.0.0.1:8080/anything", "http://127.0.0.1:8080/anything"),
    ("https://fonts.example.com/css2?family=Inter", "https://fonts.example.com:443/css2?family=Inter"),
])
def test_admitted(url, fetched):
    assert POLICY.check(url) == fetched


@pytest.mark.parametrize("url", [
    "https://cdn.example.com/logos",
    "https://cdn.example.com/private/a.png",
    "https://cdn.example.com/logos/../private/a.png",
    "https://cdn.example.com/logos/%2e%2e/private/a.png",
    "https://cdn.example.com/logos/%2E%2E/%2e%2e/private",
    "https://cdn.example.com/logos/..%2fprivate",
    "https://cdn.example.com/logos/..\\private",
    "http://cdn.example.com/logos/a.png",
    "https://cdn.example.com:8443/logos/a.png",
    "https://cdn.example.com.evil.net/logos/a.png",
    "https://user:pw@cdn.example.com/logos/a.png",
    "https://fonts.example.com.evil.net/",
    "http://127.0.0.1:8081/",
    "http://0x7f.1:8080/",
    "http://localhost:8080/",
    "http://[::ffff:127.0.0.1]:8080/",
    "ftp://cdn.example.com/logos/a.png",
    "logos/a.png",
    "",
])
def test_refused(url):
    assert POLICY.check(url) is None


def test_only_entries_that_write_their_port_exempt_their_host():
    assert POLICY.exact == {"127.0.0.1:8080"}


def test_empty_and_bad_entries_allow_nothing():
    assert not FetchPolicy(())
    bad = FetchPolicy(("ftp://x/", "not a url", "https://x.example/?q=1"))
    assert not bad and bad.check("https://x.example/?q=1") is None


@pytest.mark.parametrize(("path", "expected"), [
    ("/a/./b/../c", "/a/c"), ("/../../etc", "/etc"), ("/a/b/..", "/a/"), ("/", "/"), ("/a/", "/a/"),
])
def test_dot_segments(path, expected):
    assert remove_dot_segments(path) == expected
