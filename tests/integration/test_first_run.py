"""First start with no users: a one-time setup link creates the first admin in the browser; ``/`` leads to it."""

from __future__ import annotations

import re
import time

import pytest
import requests

from pdflet.services.first_run import SetupToken
from tests.conftest import start_server, stop_server

SETUP = re.compile(r"create the first admin at (http://127\.0\.0\.1:\d+)/admin/setup/([A-Za-z0-9_-]+) ")


@pytest.fixture
def fresh(tmp_path):
    srv = start_server(tmp_path, database_url=f"sqlite:///{tmp_path / 'data' / 'pdflet.db'}")
    yield srv
    stop_server(srv)


def wait_for(srv, pattern: re.Pattern) -> re.Match:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        found = pattern.search(srv.log())
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError(srv.log())


def setup_form(browser: requests.Session, url: str) -> str:
    r = browser.get(url, timeout=10)
    assert r.status_code == 200 and "Create the first admin" in r.text
    return browser.cookies["_xsrf"]


def test_first_admin_is_created_through_the_one_time_link(fresh):
    base, token = wait_for(fresh, SETUP).groups()
    assert base == fresh.url
    assert f"admin at {fresh.url}/admin/" in fresh.log()
    link = f"{fresh.url}/admin/setup/{token}"
    browser = requests.Session()
    xsrf = setup_form(browser, link)
    form = {"_xsrf": xsrf, "email": "boss@example.com", "password": "long enough pw", "password_again": "other pw!"}
    r = browser.post(link, data=form, timeout=10, allow_redirects=False)
    assert r.status_code == 400 and "do not match" in r.text
    r = browser.post(link, data={**form, "password": "short", "password_again": "short"}, timeout=10)
    assert r.status_code == 400 and "at least 8" in r.text
    r = browser.post(link, data={**form, "_xsrf": "forged"}, timeout=10)
    assert r.status_code == 403

    r = browser.post(link, data={**form, "password_again": "long enough pw"}, timeout=30, allow_redirects=False)
    assert r.status_code == 303 and r.headers["Location"] == "/admin/keys"
    keys = browser.get(fresh.url + "/admin/keys", timeout=10)
    assert keys.status_code == 200 and "boss@example.com" in keys.text and "/admin/users" in keys.text  # staff

    assert browser.get(link, timeout=10).status_code == 404  # used: gone
    assert requests.post(link, data=form, timeout=10).status_code in (403, 404)
    login = fresh.post("/api/v1/auth/jwt/create/", json={"email": "boss@example.com", "password": "long enough pw"})
    assert login.status_code == 200


def test_wrong_token_is_a_404_and_root_redirects_to_the_admin(fresh):
    wait_for(fresh, SETUP)
    assert requests.get(fresh.url + "/admin/setup/not-the-token", timeout=10).status_code == 404
    r = requests.get(fresh.url + "/", timeout=10, allow_redirects=False)
    assert r.status_code == 302 and r.headers["Location"] == "/admin/"
    assert "/admin/login" in requests.get(fresh.url + "/", timeout=10).url


def test_a_user_made_with_the_cli_closes_the_link(fresh, tmp_path):
    token = wait_for(fresh, SETUP).group(2)
    from tests.integration.test_cli import run

    r = run(["createuser", "cli@example.com", "--password-stdin"], tmp_path, stdin=b"s3cret-password\n",
            env_extra={"PDFLET_DATA_DIR": str(fresh.data_dir)})
    assert r.returncode == 0, r.stderr
    assert requests.get(f"{fresh.url}/admin/setup/{token}", timeout=10).status_code == 404


def test_no_link_once_there_is_a_user(fresh, tmp_path):
    from tests.integration.test_cli import run

    run(["createuser", "a@example.com", "--password-stdin"], tmp_path, stdin=b"s3cret-password\n", check=True,
        env_extra={"PDFLET_DATA_DIR": str(fresh.data_dir)})
    stop_server(fresh)
    (tmp_path / "again").mkdir()
    again = start_server(tmp_path / "again", {"PDFLET_DATA_DIR": str(fresh.data_dir)}, database_url=fresh.database_url)
    try:
        wait_for(again, re.compile("admin at "))
        assert "no users yet" not in again.log()
    finally:
        stop_server(again)


def test_the_link_expires():
    token = SetupToken()
    assert token.matches(token.value) and not token.matches("x" + token.value) and not token.matches(None)
    token.expires_at = time.time() - 1
    assert not token.matches(token.value)


def test_two_browsers_racing_make_one_admin(fresh):
    from concurrent.futures import ThreadPoolExecutor

    token = wait_for(fresh, SETUP).group(2)
    link = f"{fresh.url}/admin/setup/{token}"

    def attempt(n: int) -> int:
        browser = requests.Session()
        xsrf = setup_form(browser, link)
        form = {"_xsrf": xsrf, "email": f"racer{n}@example.com", "password": "long enough pw",
                "password_again": "long enough pw"}
        return browser.post(link, data=form, timeout=30, allow_redirects=False).status_code

    with ThreadPoolExecutor(4) as pool:
        statuses = sorted(pool.map(attempt, range(4)))
    assert statuses == [303, 404, 404, 404], statuses
