"""The ``pdflet`` command as a user types it: first start, users, keys, local rendering."""

from __future__ import annotations

import os
import re
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from tests.helpers import pdf_text

KEY_RE = re.compile(r"^pk_(live|test)_[a-z0-9]{32}$")


def run(args, cwd, stdin=None, env_extra=None, check=False):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PDFLET_")}
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "-m", "pdflet", *args], cwd=cwd, input=stdin, capture_output=True,
                          timeout=120, env=env, check=check)


def port_free(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


@pytest.mark.skipif(not port_free(8000), reason="port 8000 is taken on this machine")
def test_fresh_start_serves_on_8000_with_sqlite_and_a_secret(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PDFLET_")}
    process = subprocess.Popen([sys.executable, "-m", "pdflet", "serve"], cwd=tmp_path, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:  # /readyz runs a canary render: on a cold start the first answer can take a few seconds
                if requests.get("http://127.0.0.1:8000/readyz", timeout=10).status_code == 200:
                    break
            except (requests.ConnectionError, requests.Timeout):
                pass
            time.sleep(0.2)
        else:
            pytest.fail("pdflet serve did not start")
        secret = tmp_path / ".pdflet" / "secret_key"
        assert (tmp_path / ".pdflet" / "pdflet.db").is_file()
        assert stat.S_IMODE(secret.stat().st_mode) == 0o600
        assert len(secret.read_text().strip()) >= 32
    finally:
        process.terminate()
        output = process.communicate(timeout=30)[0].decode()
    assert "serving on http://127.0.0.1:8000" in output
    assert process.returncode == 0


def test_createuser_keys_and_render_flow(tmp_path):
    assert run(["migrate"], tmp_path).returncode == 0
    r = run(["createuser", "admin@example.com", "--admin", "--password-stdin"], tmp_path,
            stdin=b"s3cret-password\n")
    assert r.returncode == 0, r.stderr
    assert b"admin@example.com" in r.stdout
    again = run(["createuser", "admin@example.com", "--password-stdin"], tmp_path, stdin=b"s3cret-password\n")
    assert again.returncode != 0 and b"already exists" in again.stderr and b"Traceback" not in again.stderr

    r = run(["keys", "create", "--user", "admin@example.com", "--name", "Production Server"], tmp_path)
    assert r.returncode == 0, r.stderr
    key = r.stdout.decode().strip()
    assert KEY_RE.match(key)
    assert b"will not be shown again" in r.stderr

    listing = run(["keys", "list", "--user", "admin@example.com"], tmp_path)
    assert listing.returncode == 0
    text = listing.stdout.decode()
    assert "Production Server" in text and key[-4:] in text and key not in text

    key_id = text.splitlines()[1].split()[0]
    assert run(["keys", "revoke", key_id], tmp_path).returncode == 0
    assert "revoked" in run(["keys", "list", "--user", "admin@example.com"], tmp_path).stdout.decode()


@pytest.mark.parametrize("args", [
    ["keys", "create", "--user", "nobody@example.com", "--name", "x"],
    ["keys", "revoke", "999"],
    ["keys", "create", "--user", "admin@example.com", "--name", "x", "--scope", "root"],
])
def test_cli_mistakes_are_one_line_errors(tmp_path, args):
    run(["migrate"], tmp_path, check=True)
    run(["createuser", "admin@example.com", "--password-stdin"], tmp_path, stdin=b"s3cret-password\n", check=True)
    r = run(args, tmp_path)
    assert r.returncode != 0
    assert b"Traceback" not in r.stderr
    first, last = r.stderr.decode().strip().splitlines()  # which database, then the one-line error
    assert first == f"pdflet: database {tmp_path.resolve() / '.pdflet' / 'pdflet.db'}"
    assert last.startswith("pdflet: error:")


def test_createuser_without_a_terminal_asks_for_stdin(tmp_path):
    run(["migrate"], tmp_path, check=True)
    r = run(["createuser", "a@example.com"], tmp_path, stdin=b"")
    assert r.returncode == 2 and b"--password-stdin" in r.stderr


def test_short_password_is_refused(tmp_path):
    run(["migrate"], tmp_path, check=True)
    r = run(["createuser", "a@example.com", "--password-stdin"], tmp_path, stdin=b"short\n")
    assert r.returncode != 0 and b"at least" in r.stderr


def test_render_locally(tmp_path):
    source = tmp_path / "in.html"
    source.write_text("<h1>Hello</h1><p>Local render</p>")
    r = run(["render", "in.html", "-o", "out.pdf"], tmp_path)
    assert r.returncode == 0, r.stderr
    text = pdf_text((tmp_path / "out.pdf").read_bytes())
    assert "Hello" in text and "Local render" in text
    assert not (tmp_path / ".pdflet").exists()  # no server, no database


def test_render_stdin_to_stdout_with_css(tmp_path):
    (tmp_path / "extra.css").write_text("h1 { color: red }")
    r = run(["render", "-", "-o", "-", "--css", "extra.css"], tmp_path, stdin=b"<h1>Piped</h1>")
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith(b"%PDF-")
    assert "Piped" in pdf_text(r.stdout)


def test_render_errors(tmp_path):
    missing = run(["render", "missing.html"], tmp_path)
    assert missing.returncode == 2 and b"cannot read" in missing.stderr and b"Traceback" not in missing.stderr
    (tmp_path / "in.html").write_text("<p>x</p>")
    bad = run(["render", "in.html", "--renderer", "nope"], tmp_path)
    assert bad.returncode == 1 and b"reportlab" in bad.stderr
    size = run(["render", "in.html", "--page-size", "A99"], tmp_path)
    assert size.returncode == 1 and b"page_size" in size.stderr


def test_renderers_command(tmp_path):
    r = run(["renderers"], tmp_path)
    assert r.returncode == 0
    assert "reportlab" in r.stdout.decode() and "(default)" in r.stdout.decode()


def test_bad_settings_are_reported(tmp_path):
    r = run(["renderers"], tmp_path, env_extra={"PDFLET_RENDER_TIMEOUT": "soon"})
    assert r.returncode == 2 and b"PDFLET_RENDER_TIMEOUT" in r.stderr


def test_migrate_command(tmp_path):
    first = run(["migrate"], tmp_path)
    assert first.returncode == 0 and b"applied migrations: 1" in first.stdout
    assert b"up to date" in run(["migrate"], tmp_path).stdout


def test_python_dash_m_and_version(tmp_path):
    r = run(["--version"], tmp_path)
    assert r.returncode == 0 and r.stdout.startswith(b"pdflet ")
    assert Path(sys.executable).exists()


def test_common_and_email_passwords_are_refused(tmp_path):
    for password in (b"password\n", b"12345678\n", b"alice-at-work\n"):
        r = run(["createuser", "alice@example.com", "--password-stdin"], tmp_path, stdin=password)
        assert r.returncode != 0 and r.stderr.startswith(b"pdflet: error:"), r.stderr


def test_set_password_applies_the_policy_and_ends_sessions(tmp_path):
    run(["migrate"], tmp_path, check=True)
    run(["createuser", "admin@example.com", "--password-stdin"], tmp_path, stdin=b"s3cret-password\n", check=True)
    command = ["users", "set-password", "admin@example.com", "--password-stdin"]
    refused = run(command, tmp_path, stdin=b"qwerty123\n")
    assert refused.returncode != 0 and b"common" in refused.stderr
    r = run(command, tmp_path, stdin=b"another long secret\n")
    assert r.returncode == 0, r.stderr
    assert b"sessions were ended" in r.stdout
