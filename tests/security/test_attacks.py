"""The attack suite over HTTP: hostile documents (code execution, network, files), forged tokens, floods.

Attacks already covered elsewhere are not repeated here: JWT and key attacks in
tests/integration/test_auth.py, filenames in test_pdf_api.py, the slow-render 504 and the
full queue in test_render_limits.py, the admin in test_admin_http.py.
"""

from __future__ import annotations

import base64
import concurrent.futures
import hashlib
import hmac
import io
import json
import socket
import threading
import time
from collections.abc import Iterator

import jwt
import pytest
import requests
from pypdf import PdfReader
from pypdf.generic import IndirectObject, StreamObject

from tests.helpers import PASSWORD, new_key, new_user, pdf_text

# CVE-2023-33733: ReportLab's rl_safe_eval evaluated [[[...]]] colour expressions in paragraph markup.
CVE_PAYLOAD = (
    "[[[getattr(pow, Word('__globals__'))['os'].system('touch {canary}') for Word in [ orgTypeFun( 'Word', "
    "(str,), {{ 'mutated': 1, 'startswith': lambda self, x: 1 == 0, '__eq__': lambda self, x: self.mutate() "
    "and self.mutated < 0 and str(self) == x, 'mutate': lambda self: {{ setattr(self, 'mutated', "
    "self.mutated - 1) }}, '__hash__': lambda self: hash(str(self)), }}, ) ] ] for orgTypeFun in "
    "[type(type(1))] for none in [[].append(1)]]] and 'red'"
)


def render(srv, headers, body: dict) -> requests.Response:
    r = requests.post(srv.url + "/api/v1/pdf/", json=body, headers=headers, timeout=60)
    assert r.status_code in (200, 422), r.text[:300]
    return r


# -- documents: no code, no network, no files ---------------------------------------------------

def cve_bodies(payload: str) -> dict[str, dict]:
    escaped = payload.replace('"', "&quot;")
    return {
        "text": {"html": f"<p>{payload}</p><p>&lt;font color=\"{escaped}\"&gt;x&lt;/font&gt;</p>"},
        "font_color_attribute": {"html": f'<p><font color="{escaped}">exploit</font></p>'},
        "para_markup": {"html": f'<para><font color="{escaped}">exploit</font></para>'},
        "css_colour": {"html": f'<p style="color: {escaped}">x</p><p class="c">y</p>',
                       "css": f".c {{ color: {payload}; background-color: {payload} }}"},
        "header_footer": {"html": "<p>body</p>",
                          "options": {"header_html": f'<font color="{escaped}">h</font>{payload}',
                                      "footer_html": f'<span style="color:{escaped}">f</span>',
                                      "title": payload, "author": payload}},
        "attributes": {"html": f'<a href="{escaped}" title="{escaped}">a</a><img alt="{escaped}" src="{escaped}">'
                               f'<table bgcolor="{escaped}"><tr><td color="{escaped}">t</td></tr></table>'},
    }


@pytest.mark.parametrize("where", list(cve_bodies("x")))
def test_cve_2023_33733_payload_runs_nothing(nasty_server, nasty_headers, tmp_path, where):
    canary = tmp_path / f"pwned-{where}"
    body = cve_bodies(CVE_PAYLOAD.format(canary=canary))[where]
    render(nasty_server, nasty_headers, body)
    time.sleep(0.2)
    assert not canary.exists(), f"the payload in {where} ran code"


@pytest.fixture
def listener() -> Iterator[tuple[int, list]]:
    """A TCP listener on loopback that records every connection made to it."""
    connections: list = []
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    sock.settimeout(0.2)
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, address = sock.accept()
            except (TimeoutError, OSError):
                continue
            connections.append(address)
            conn.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield sock.getsockname()[1], connections
    stop.set()
    thread.join(timeout=2)
    sock.close()


def local_urls_document(port: int) -> dict:
    url = f"http://127.0.0.1:{port}"
    css = (f"@import url({url}/import.css); @import '{url}/import2.css';"
           f"@font-face {{ font-family: Remote; src: url({url}/font.ttf) format('truetype'); }}"
           f"body {{ background: url({url}/bg.png); font-family: Remote; }}"
           f"li {{ list-style-image: url({url}/bullet.png) }} p::before {{ content: url({url}/before.png) }}")
    html = (f'<link rel="stylesheet" href="{url}/link.css"><style>{css}</style>'
            f'<p>x<img src="{url}/img.png"><img srcset="{url}/a.png 2x"></p><ul><li>one</li></ul>'
            f'<div style="background-image: url({url}/inline.png)">d</div>'
            f'<iframe src="{url}/frame"></iframe><object data="{url}/obj"></object><embed src="{url}/embed">'
            f'<svg><image href="{url}/svg.png"/></svg><video poster="{url}/poster.png"></video>')
    return {"html": html, "css": css, "options": {"header_html": f'<img src="{url}/header.png">'}}


def test_local_urls_make_no_connection(nasty_server, nasty_headers, listener):
    port, connections = listener
    r = render(nasty_server, nasty_headers, local_urls_document(port))
    time.sleep(0.3)
    assert connections == [], f"the renderer connected to a local service: {connections}"
    assert r.status_code == 200


def pdf_payloads(data: bytes) -> bytes:
    """Every decoded stream of a PDF, joined (text, images and fonts are compressed in the raw file)."""
    reader = PdfReader(io.BytesIO(data))
    chunks = []
    for number in range(1, int(reader.trailer["/Size"])):
        try:
            obj = IndirectObject(number, 0, reader).get_object()
        except Exception:  # noqa: S112 - a hole in the numbering
            continue
        if isinstance(obj, StreamObject):
            try:
                chunks.append(obj.get_data())
            except Exception:  # noqa: S112 - a filter pypdf cannot decode
                continue
    return b"\n".join(chunks)


def test_server_files_are_not_embedded(nasty_server, nasty_headers):
    targets = ["file:///etc/passwd", "/etc/passwd", "file://localhost/etc/passwd", "../../../../etc/passwd",
               "file:///proc/self/environ"]
    html = "".join(
        f'<img src="{t}"><link rel="stylesheet" href="{t}"><div style="background: url({t})">b</div>'
        f'<object data="{t}"></object><iframe src="{t}"></iframe>'
        for t in targets
    )
    css = "".join(f"@import url({t}); @font-face {{ font-family: F; src: url({t}) }}" for t in targets)
    r = render(nasty_server, nasty_headers, {"html": html, "css": css + "body { font-family: F }"})
    assert r.status_code == 200
    assert b"root:" not in r.content
    assert "root:" not in pdf_text(r.content)
    payloads = pdf_payloads(r.content)
    assert b"root:x:0:0" not in payloads and b"/bin/" not in payloads and b"PDFLET_" not in payloads


# -- tokens: algorithm confusion ----------------------------------------------------------------

@pytest.fixture
def tokens(server, db) -> dict[str, str]:
    user = new_user()
    r = server.post("/api/v1/auth/jwt/create/", json={"email": user.email, "password": PASSWORD},
                    headers={"X-Real-Ip": "198.18.1.1"})
    assert r.status_code == 200, r.text
    return r.json()


@pytest.fixture
def jwt_secret(server) -> str:
    from pdflet.services.signing import derive

    return derive((server.data_dir / "secret_key").read_text().strip(), "jwt")


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def signed(header: dict, claims: dict, secret: str) -> str:
    signing_input = f"{b64(json.dumps(header).encode())}.{b64(json.dumps(claims).encode())}"
    signature = hmac.new(secret.encode(), signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{b64(signature)}"


@pytest.mark.parametrize("header", [
    {"alg": "RS256", "typ": "JWT"},  # RS256 "verified" with the HMAC secret as the public key
    {"alg": "ES256", "typ": "JWT"},
    {"alg": "HS256", "typ": "JWT", "crit": ["exp"]},
    {"alg": "hs256", "typ": "JWT"},
    {"alg": "HS256", "typ": "JWT", "jku": "http://127.0.0.1:1/jwks.json"},
    {"alg": "HS256", "typ": "JWT", "kid": "' OR 1=1 --"},
])
def test_algorithm_confusion_is_refused(server, tokens, jwt_secret, header):
    """The server pins HS256 and its own secret, whatever the token's header asks for."""
    claims = jwt.decode(tokens["access"], options={"verify_signature": False})
    token = signed(header, claims, jwt_secret)
    r = server.post("/api/v1/pdf/", json={"html": "<p>x</p>"}, headers={"Authorization": f"Bearer {token}"})
    if header.get("alg") == "HS256" and "crit" not in header:
        assert r.status_code == 200  # a kid or jku header changes nothing: the one secret is used
    else:
        assert r.status_code == 401 and r.json()["code"] in ("token_not_valid", "not_authenticated"), r.text


def test_signature_stripped_is_refused(server, tokens):
    header, payload, _signature = tokens["access"].split(".")
    for token in (f"{header}.{payload}.", f"{header}.{payload}", f"{header}.{payload}.{'A' * 43}"):
        r = server.post("/api/v1/pdf/", json={"html": "<p>x</p>"}, headers={"Authorization": f"Bearer {token}"})
        assert r.status_code == 401


# -- floods: 503/429, never a dead server -------------------------------------------------------

def test_a_flood_gets_503_or_429_and_the_server_lives(nasty_server, db):
    """Bounded: 96 requests from 24 threads to loopback, a quarter of them with a tightly limited key."""
    plain = {"X-API-Key": new_key(new_user())}
    limited = {"X-API-Key": new_key(new_user(), rate_limit=10)}
    doc = {"html": "<h1>flood</h1>" + "<p>paragraph</p>" * 50}

    def hit(n: int) -> int:
        headers = limited if n % 4 == 0 else plain
        try:
            r = requests.post(nasty_server.url + "/api/v1/pdf/", json=doc, headers=headers, timeout=60)
        except requests.RequestException as exc:
            return -1 if "Connection refused" in str(exc) else -2
        return r.status_code

    with concurrent.futures.ThreadPoolExecutor(24) as pool:
        statuses = list(pool.map(hit, range(96)))
    assert set(statuses) <= {200, 429, 503}, statuses
    assert 429 in statuses and 200 in statuses
    assert nasty_server.process.poll() is None
    assert requests.get(nasty_server.url + "/healthz", timeout=10).status_code == 200
    ok = requests.post(nasty_server.url + "/api/v1/pdf/", json={"html": "<p>after</p>"}, headers=plain, timeout=60)
    assert ok.status_code == 200
