"""SSRF suite: a real server on 127.0.0.1 serves the one allowed prefix; nothing else is ever fetched.

Every refused URL is put in a document five ways (``<img>``, CSS ``url()``, ``@import``,
``@font-face`` and ``<link rel=stylesheet>``) and rendered; the server's request log
proves none of them reached it. Today ``<img>``, CSS ``url()`` and ``@font-face`` go
through the fetch hook; ``@import`` and ``<link>`` will once linked stylesheets are
loaded, and these same documents then cover them. Only loopback is ever contacted:
the "address" cases are admitted by port-less allow entries and refused before connecting.
"""

from __future__ import annotations

import pytest

from pdflet.config import Settings
from pdflet.fetch.plugin import RemoteFetcher, refusals
from pdflet.pipeline import render_request
from pdflet.plugins import make_plugin_manager
from pdflet.renderers.resources import Fetcher, ResourceError
from pdflet.request import RenderRequest
from tests.fetch_server import fetch_server, local_resolver, tiny_png, tiny_woff2


@pytest.fixture(scope="module")
def server():
    with fetch_server() as srv:
        base, port = srv.base, srv.port
        srv.routes.update({
            "/public/ok.png": (200, {"Content-Type": "image/png"}, tiny_png()),
            "/public/font.woff2": (200, {"Content-Type": "font/woff2"}, tiny_woff2()),
            "/public/to-cdn": (302, {"Location": "http://cdn.test/secret-cdn.png"}, b""),
            "/public/to-odd": (302, {"Location": f"http://0x7f.1:{port}/public/secret-odd.png"}, b""),
            "/public/to-mapped": (301, {"Location": f"http://[::ffff:127.0.0.1]:{port}/public/secret-v6.png"}, b""),
            "/public/to-outside": (307, {"Location": f"{base}/secret-outside.png"}, b""),
            "/public/to-metadata": (302, {"Location": "http://169.254.169.254/latest/meta-data/"}, b""),
            "/public/to-creds": (302, {"Location": f"http://u:p@127.0.0.1:{port}/public/secret-creds.png"}, b""),
            "/public/to-file": (302, {"Location": "file:///etc/passwd"}, b""),
            "/public/loop": (302, {"Location": "/public/loop"}, b""),
        })
        yield srv


# Admitted by a prefix that names no port, so the address check applies (and refuses before connecting).
ADDRESS_PREFIXES = ("http://localhost/", "http://0x7f.1/", "http://2130706433/", "http://[::ffff:127.0.0.1]/",
                    "http://[::1]/", "http://cdn.test/", "http://127.1/")


def settings_for(server, **changes) -> Settings:
    return Settings(fetch_allow=(f"{server.base}/public/", *ADDRESS_PREFIXES), **changes)


def refused_urls(server) -> list[tuple[str, str]]:
    port, base = server.port, server.base
    spelled = [f"0x7f.1:{port}", f"0x7f.0.0.1:{port}", f"2130706433:{port}", f"0177.0.0.1:{port}",
               f"127.1:{port}", f"127.0.0.1.:{port}", f"[::ffff:127.0.0.1]:{port}", f"[::ffff:7f00:1]:{port}",
               f"[::1]:{port}", f"localhost:{port}", f"LOCALHOST.:{port}", f"[::127.0.0.1]:{port}",
               f"[64:ff9b::7f00:1]:{port}", f"[fe80::1%25lo]:{port}", f"\uff11\uff12\uff17.0.0.1:{port}"]
    cases = [(f"http://{host}/public/secret-{n}.png", "not in PDFLET_FETCH_ALLOW") for n, host in enumerate(spelled)]
    cases += [
        (f"{base}/secret-outside.png", "not in PDFLET_FETCH_ALLOW"),
        (f"{base}/public/../secret-dots.png", "not in PDFLET_FETCH_ALLOW"),
        (f"{base}/public/%2e%2e/secret-dots2.png", "not in PDFLET_FETCH_ALLOW"),
        (f"http://u:p@127.0.0.1:{port}/public/secret-creds.png", "credentials"),
        (f"https://127.0.0.1:{port}/public/secret-https.png", "not in PDFLET_FETCH_ALLOW"),
        ("http://169.254.169.254/latest/meta-data/", "not in PDFLET_FETCH_ALLOW"),
        ("http://[fd00:ec2::254]/latest/", "not in PDFLET_FETCH_ALLOW"),
        ("http://metadata.google.internal/computeMetadata/v1/", "not in PDFLET_FETCH_ALLOW"),
        ("http://localhost/secret-a.png", "is loopback"),
        ("http://0x7f.1/secret-b.png", "0x7f.1 is loopback"),
        ("http://2130706433/secret-c.png", "2130706433 is loopback"),
        ("http://127.1/secret-c2.png", "127.1 is loopback"),
        ("http://[::ffff:127.0.0.1]/secret-d.png", "IPv4-mapped loopback"),
        ("http://[::1]/secret-e.png", "is loopback"),
        ("http://cdn.test/secret-f.png", "cdn.test (127.0.0.1) is loopback"),
        (f"{base}/public/to-cdn", "redirected to http://cdn.test:80/secret-cdn.png: cdn.test (127.0.0.1) is loopback"),
        (f"{base}/public/to-odd", "is not in PDFLET_FETCH_ALLOW"),
        (f"{base}/public/to-mapped", "is not in PDFLET_FETCH_ALLOW"),
        (f"{base}/public/to-outside", "secret-outside.png is not in PDFLET_FETCH_ALLOW"),
        (f"{base}/public/to-metadata", "169.254.169.254/latest/meta-data/ is not in PDFLET_FETCH_ALLOW"),
        (f"{base}/public/to-creds", "is not in PDFLET_FETCH_ALLOW"),
        (f"{base}/public/to-file", "file:///etc/passwd is not in PDFLET_FETCH_ALLOW"),
        (f"{base}/public/loop", "more than 5 redirects"),
    ]
    return cases


def document(url: str) -> str:
    return f"""<html><head>
<link rel="stylesheet" href="{url}">
<style>
@import url("{url}");
@font-face {{ font-family: Evil; src: url("{url}") format("woff2"); }}
p {{ font-family: Evil; }}
div {{ background-image: url("{url}"); height: 10px; }}
</style></head>
<body><p>text</p><img src="{url}" width="10" height="10"><div></div></body></html>"""


def pm_for(server, **changes):
    pm = make_plugin_manager(settings_for(server, **changes), load_entrypoints=False)
    pm.get_plugin("pdflet.fetch.plugin").resolver = local_resolver({"cdn.test": "127.0.0.1"})
    return pm


def test_the_allowed_prefix_is_fetched_through_img_css_and_font_face(server):
    pm = pm_for(server)
    before = len(server.log)
    html = document(f"{server.base}/public/ok.png").replace(
        'src: url("' + f"{server.base}/public/ok.png", 'src: url("' + f"{server.base}/public/font.woff2")
    output = render_request(pm, RenderRequest(html=html))
    assert output.pages == 1
    fetched = server.paths()[before:]
    assert "/public/ok.png" in fetched and "/public/font.woff2" in fetched
    assert pm.get_plugin("pdflet.fetch.plugin").refused == []


def test_every_refused_url_is_refused_directly_with_its_reason(server):
    fetcher = RemoteFetcher(settings_for(server), resolver=local_resolver({"cdn.test": "127.0.0.1"}))
    fetcher.start_render()
    for url, reason in refused_urls(server):
        with pytest.raises(ResourceError) as info:
            fetcher.pdflet_fetch_resource(url)
        assert str(info.value).startswith(url + ": "), url
        assert reason in str(info.value), (url, str(info.value))
    assert [r.url for r in fetcher.refused] == [url for url, _ in refused_urls(server)]
    assert not [path for path in server.paths() if "secret" in path]


def test_every_refused_url_in_every_position_of_a_rendered_document_is_never_fetched(server):
    pm = pm_for(server)
    plugin = pm.get_plugin("pdflet.fetch.plugin")
    for url, reason in refused_urls(server):
        output = render_request(pm, RenderRequest(html=document(url)))
        assert output.pages == 1
        refusals = [r for r in plugin.refused if r.url == url]
        assert refusals, url  # the <img>, background and @font-face loads were refused and recorded
        assert all(reason in r.reason for r in refusals), (url, refusals)
    assert not [path for path in server.paths() if "secret" in path]


def test_through_the_core_fetcher_a_refusal_names_url_and_reason(server):
    pm = pm_for(server)
    fetcher = Fetcher(hook=lambda url: pm.hook.pdflet_fetch_resource(url=url))
    with pytest.raises(ResourceError, match=r"http://localhost/x\.png: localhost \((127\.0\.0\.1|::1)\) is loopback"):
        fetcher.fetch("http://localhost/x.png")
    with pytest.raises(ResourceError, match="only data: URIs"):
        fetcher.fetch("file:///etc/passwd")  # not http(s): the plugin does not answer, pdflet refuses


def test_with_fetching_off_nothing_is_fetched_and_the_reason_says_so(server):
    pm = make_plugin_manager(Settings(), load_entrypoints=False)
    before = len(server.log)
    render_request(pm, RenderRequest(html=document(f"{server.base}/public/ok.png")))
    assert len(server.log) == before
    refused = refusals(pm)
    assert refused and all("PDFLET_FETCH_ALLOW is empty" in r.reason for r in refused)
    disabled = make_plugin_manager(Settings(disable_plugins=("pdflet.fetch.plugin",)), load_entrypoints=False)
    assert disabled.get_plugin("pdflet.fetch.plugin") is None and refusals(disabled) == []


def test_an_allowed_name_that_resolves_to_loopback_is_refused_unless_its_entry_names_the_port(server):
    resolver = local_resolver({"assets.test": "127.0.0.1"})
    refused = RemoteFetcher(Settings(fetch_allow=("http://assets.test/",)), resolver=resolver)
    with pytest.raises(ResourceError, match=r"assets\.test \(127\.0\.0\.1\) is loopback"):
        refused.pdflet_fetch_resource("http://assets.test/public/ok.png")
    named = RemoteFetcher(Settings(fetch_allow=(f"http://assets.test:{server.port}/public/",)), resolver=resolver)
    resource = named.pdflet_fetch_resource(f"http://assets.test:{server.port}/public/ok.png")
    assert resource.mime_type == "image/png"
    assert server.log[-1][1]["host"] == f"assets.test:{server.port}"  # the name, though the IP was dialled
