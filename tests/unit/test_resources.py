import base64

import pytest

from pdflet.renderers.resources import Fetcher, Resource, ResourceError, decode_data_uri


def test_base64_and_percent_encoded_data_uris():
    png = b"\x89PNG\r\n\x1a\n"
    r = decode_data_uri("data:image/png;base64," + base64.b64encode(png).decode())
    assert r == Resource(png, "image/png")
    assert decode_data_uri("data:,Hello%2C%20World").data == b"Hello, World"
    assert decode_data_uri("data:text/css;charset=utf-8,a%7Bb%7D").mime_type == "text/css"
    assert decode_data_uri("data:image/png;base64,aGk").data == b"hi"  # missing padding tolerated


@pytest.mark.parametrize("uri", ["data:image/png;base64", "data:", "http://x/y.png"])
def test_malformed(uri):
    with pytest.raises(ResourceError):
        Fetcher().fetch(uri)


def test_size_limit():
    with pytest.raises(ResourceError, match="too large"):
        Fetcher(max_bytes=10).fetch("data:;base64," + base64.b64encode(b"x" * 100).decode())


@pytest.mark.parametrize("url", ["http://127.0.0.1/", "https://example.com/a.png", "file:///etc/passwd",
                                 "/etc/passwd", "ftp://x/y"])
def test_everything_but_data_is_refused_without_a_plugin(url):
    with pytest.raises(ResourceError):
        Fetcher().fetch(url)


def test_a_hook_can_allow_more():
    fetcher = Fetcher(hook=lambda url: Resource(b"ok", "text/plain") if url.startswith("https://cdn/") else None)
    assert fetcher.fetch("https://cdn/a").data == b"ok"
    with pytest.raises(ResourceError):
        fetcher.fetch("https://elsewhere/a")
