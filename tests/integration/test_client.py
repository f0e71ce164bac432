"""pdflet.client.Client against the real server: keys, JWT with refresh, typed errors, retries."""

from __future__ import annotations

import time

import jwt
import pytest

from pdflet.client import (
    AuthenticationFailed,
    Client,
    ConnectionFailed,
    InvalidRequest,
    PermissionDenied,
    Throttled,
)
from pdflet.client.transport import retry_after
from pdflet.db.models import ApiKey
from pdflet.errors import PdfletError
from tests.conftest import free_port
from tests.helpers import PASSWORD, new_key, new_user, pdf_text

HTML = "<h1>Hello from the client</h1>"


def expired(token: str, secret: str) -> str:
    claims = jwt.decode(token, options={"verify_signature": False})
    claims["iat"], claims["exp"] = int(time.time()) - 900, int(time.time()) - 600
    return jwt.encode(claims, secret, algorithm="HS256")


def test_render_with_a_key(server, api_key):
    pdf = Client(server.url, api_key=api_key).render(HTML, page_size="A5", title="T")
    assert pdf.startswith(b"%PDF") and "Hello from the client" in pdf_text(pdf)


def test_render_to_file(server, api_key, tmp_path):
    path = Client(server.url + "/", api_key=api_key).render_to_file(tmp_path / "out.pdf", HTML, css="h1{color:red}")
    assert path.read_bytes().startswith(b"%PDF")


def test_errors_are_typed_and_carry_the_servers_words(server, api_key, tmp_path):
    client = Client(server.url, api_key=api_key)
    with pytest.raises(InvalidRequest) as caught:
        client.render_to_file(tmp_path / "no.pdf", HTML, page_size="B99x")
    err = caught.value
    assert (err.status, err.code) == (400, "invalid_request")
    assert "page_size" in err.detail and len(err.request_id or "") >= 16
    assert isinstance(err, PdfletError) and err.request_id in str(err)
    assert not (tmp_path / "no.pdf").exists()


def test_bad_key_and_missing_scope(server, user):
    with pytest.raises(AuthenticationFailed) as caught:
        Client(server.url, api_key="pk_live_" + "a" * 32).render(HTML)
    assert caught.value.code == "authentication_failed" and caught.value.status == 401
    reader = Client(server.url, api_key=new_key(user, scopes=["keys:read"]))
    with pytest.raises(PermissionDenied):
        reader.render(HTML)
    assert reader.request("GET", "/api/v1/keys/").json()["results"]


def test_jwt_logs_in_on_first_use_and_refreshes_an_expired_access_token(server, user, jwt_secret):
    client = Client(server.url, email=user.email, password=PASSWORD)
    assert client.render(HTML).startswith(b"%PDF")
    client.access_token = expired(client.access_token, jwt_secret)
    stale, refresh = client.access_token, client.refresh_token
    assert client.render(HTML).startswith(b"%PDF")
    assert client.access_token != stale and client.refresh_token != refresh  # refreshed; the refresh token rotated

    def session_of(token: str) -> str:
        return jwt.decode(token, options={"verify_signature": False})["sid"]

    assert session_of(client.refresh_token) == session_of(refresh)  # the same session
    client.access_token = expired(client.access_token, jwt_secret)
    assert client.render(HTML).startswith(b"%PDF")  # the rotated refresh token works in turn


def test_an_expired_refresh_token_means_a_new_login(server, user, jwt_secret):
    client = Client(server.url, email=user.email, password=PASSWORD)
    client.login()
    client.access_token = expired(client.access_token, jwt_secret)
    client.refresh_token = expired(client.refresh_token, jwt_secret)
    assert client.render(HTML).startswith(b"%PDF")
    assert jwt.decode(client.refresh_token, options={"verify_signature": False})["exp"] > time.time()


def test_a_revoked_session_is_not_silently_replaced(server, user, jwt_secret):
    client = Client(server.url, email=user.email, password=PASSWORD)
    client.login()
    access, refresh = client.access_token, client.refresh_token
    server.post("/api/v1/auth/jwt/logout/", json={"refresh": refresh})
    with pytest.raises(AuthenticationFailed) as caught:
        client.render(HTML)
    assert caught.value.code == "session_revoked"
    client.access_token = expired(access, jwt_secret)  # expired and revoked: refresh says revoked
    with pytest.raises(AuthenticationFailed) as caught:
        client.render(HTML)
    assert caught.value.code == "session_revoked"


def test_logout_ends_the_session(server, user):
    with Client(server.url, email=user.email, password=PASSWORD) as client:
        client.render(HTML)
        access = client.access_token
    assert client.refresh_token is None
    r = server.post("/api/v1/pdf/", json={"html": "x"}, headers={"Authorization": f"Bearer {access}"})
    assert r.json()["code"] == "session_revoked"


def test_wrong_password(server, user):
    with pytest.raises(AuthenticationFailed) as caught:
        Client(server.url, email=user.email, password="wrong password!").render(HTML)
    assert caught.value.code == "authentication_failed"


def test_429_is_retried_after_retry_after(server, db):
    owner = new_user()
    key = new_key(owner, rate_limit=1)
    waits: list[float] = []

    def sleep(seconds: float) -> None:  # "time passes": the limit is lifted while the client waits
        waits.append(seconds)
        ApiKey.update(rate_limit=0).where(ApiKey.user == owner).execute()

    client = Client(server.url, api_key=key, sleep=sleep, max_retry_wait=120)
    client.render(HTML)
    assert client.render(HTML).startswith(b"%PDF")
    assert len(waits) == 1 and 0 < waits[0] <= 60


def test_429_past_the_callers_patience_raises_at_once(server, db):
    key = new_key(new_user(), rate_limit=1)
    waits: list[float] = []
    client = Client(server.url, api_key=key, sleep=waits.append, max_retry_wait=0.001)
    client.render(HTML)
    with pytest.raises(Throttled) as caught:
        client.render(HTML)
    assert waits == [] and caught.value.status == 429 and caught.value.retry_after >= 1
    assert caught.value.code == "throttled"


def test_retries_are_bounded(server, db):
    key = new_key(new_user(), rate_limit=1)
    waits: list[float] = []
    client = Client(server.url, api_key=key, sleep=waits.append, max_retries=2, max_retry_wait=120)
    client.render(HTML)
    with pytest.raises(Throttled):
        client.render(HTML)
    assert len(waits) == 2


def test_no_server():
    with pytest.raises(ConnectionFailed) as caught:
        Client(f"http://127.0.0.1:{free_port()}", api_key="pk_live_x", timeout=5).render(HTML)
    assert caught.value.status == 0


@pytest.mark.parametrize("kwargs", [{}, {"api_key": "k", "email": "a@b.c"}, {"email": "a@b.c"},
                                    {"password": "p"}])
def test_credentials_must_be_one_kind(kwargs):
    with pytest.raises(ValueError):
        Client("http://127.0.0.1:1", **kwargs)


def test_only_http_urls():
    with pytest.raises(ValueError):
        Client("file:///etc/passwd", api_key="k")


def test_retry_after_parsing():
    assert retry_after("7") == 7.0
    assert retry_after(None) is None and retry_after("soon") is None
    assert retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470.0) == pytest.approx(10.0)
    assert retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412490.0) == 0.0
