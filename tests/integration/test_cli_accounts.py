"""The CLI as documented: help everywhere, one database wherever it runs, users and key rotation."""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys

import pytest

from pdflet.cli import build_parser
from tests.integration.pty_session import PtySession
from tests.integration.test_cli import KEY_RE, run

PW = b"s3cret-password\n"


def db_rows(folder, sql: str) -> list[tuple]:
    with sqlite3.connect(folder / ".pdflet" / "pdflet.db") as conn:
        return conn.execute(sql).fetchall()


def all_parsers(parser: argparse.ArgumentParser, path: str = "pdflet"):
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                yield from all_parsers(child, f"{path} {name}")


def test_pdflet_alone_prints_the_help(tmp_path):
    r = run([], tmp_path)
    assert r.returncode == 0 and b"usage: pdflet" in r.stdout
    for command in (b"serve", b"createuser", b"users", b"keys", b"render", b"examples:"):
        assert command in r.stdout


def test_every_option_has_help_and_every_command_examples():
    for path, parser in all_parsers(build_parser()):
        assert parser.epilog and "example" in parser.epilog, path
        for action in parser._actions:
            if not isinstance(action, argparse._SubParsersAction):
                assert action.help and action.help != argparse.SUPPRESS, (path, action.dest)


def test_commands_say_which_database_first(tmp_path):
    r = run(["migrate"], tmp_path)
    db = tmp_path.resolve() / ".pdflet" / "pdflet.db"
    assert r.stderr.decode().splitlines()[0] == f"pdflet: database {db} (new)"
    r = run(["createuser", "a@example.com", "--password-stdin"], tmp_path, stdin=PW)
    assert r.stderr.decode().splitlines()[0] == f"pdflet: database {db}"
    r = run(["users", "list"], tmp_path)
    assert r.stderr.decode().splitlines()[0] == f"pdflet: database {db}"


def test_another_folder_never_gets_a_second_database(tmp_path):
    home, sub, elsewhere = tmp_path / "project", tmp_path / "project" / "docs" / "deep", tmp_path / "elsewhere"
    for folder in (sub, elsewhere):
        folder.mkdir(parents=True)
    run(["migrate"], home, check=True)
    r = run(["createuser", "a@example.com", "--password-stdin"], sub, stdin=PW)  # found upward, like .git
    assert r.returncode == 0, r.stderr
    assert str(home.resolve() / ".pdflet" / "pdflet.db") in r.stderr.decode().splitlines()[0]
    assert not (sub / ".pdflet").exists()

    r = run(["createuser", "b@example.com", "--password-stdin"], elsewhere, stdin=PW)
    assert r.returncode == 2 and b"no pdflet database" in r.stderr and b"--data-dir" in r.stderr
    assert not (elsewhere / ".pdflet").exists()
    r = run(["createuser", "b@example.com", "--password-stdin", "--data-dir", str(home / ".pdflet")], elsewhere,
            stdin=PW)
    assert r.returncode == 0, r.stderr
    r = run(["users", "list"], elsewhere, env_extra={"PDFLET_DATA_DIR": str(home / ".pdflet")})
    assert b"a@example.com" in r.stdout and b"b@example.com" in r.stdout


def test_users_list_deactivate_activate_set_password(tmp_path):
    run(["migrate"], tmp_path, check=True)
    run(["createuser", "a@example.com", "--admin", "--password-stdin"], tmp_path, stdin=PW, check=True)
    run(["createuser", "b@example.com", "--password-stdin"], tmp_path, stdin=PW, check=True)
    uid = db_rows(tmp_path, "select id from user where email = 'b@example.com'")[0][0]
    with sqlite3.connect(tmp_path / ".pdflet" / "pdflet.db") as conn:  # a live login of b
        conn.execute("insert into auth_session (id, user_id, kind, token_digest, created_at, last_used_at, "
                     "expires_at, ip, user_agent) values ('s1', ?, 'jwt', 'x', '2026-01-01', '2026-01-01', "
                     "'2999-01-01', '', '')", (uid,))
    listing = run(["users", "list"], tmp_path).stdout.decode().splitlines()
    assert listing[0].split()[:4] == ["ID", "EMAIL", "STAFF", "ACTIVE"]
    assert any("a@example.com" in line and " yes " in line for line in listing)

    r = run(["users", "deactivate", "b@example.com"], tmp_path)
    assert r.returncode == 0 and b"deactivated" in r.stdout
    assert db_rows(tmp_path, f"select is_active from user where id = {uid}") == [(0,)]
    assert db_rows(tmp_path, "select revoked_at is not null from auth_session where id = 's1'") == [(1,)]
    assert run(["users", "activate", "b@example.com"], tmp_path).returncode == 0
    assert db_rows(tmp_path, f"select is_active from user where id = {uid}") == [(1,)]

    before = db_rows(tmp_path, f"select password_hash from user where id = {uid}")
    r = run(["users", "set-password", "b@example.com", "--password-stdin"], tmp_path, stdin=b"another-password\n")
    assert r.returncode == 0 and db_rows(tmp_path, f"select password_hash from user where id = {uid}") != before
    r = run(["users", "set-password", "b@example.com", "--password-stdin"], tmp_path, stdin=b"short\n")
    assert r.returncode == 1 and b"at least" in r.stderr
    r = run(["users", "deactivate", "nobody@example.com"], tmp_path)
    assert r.returncode == 2 and b"no user with email" in r.stderr and b"Traceback" not in r.stderr


def test_keys_rotate(tmp_path):
    run(["migrate"], tmp_path, check=True)
    run(["createuser", "a@example.com", "--password-stdin"], tmp_path, stdin=PW, check=True)
    old = run(["keys", "create", "--user", "a@example.com", "--name", "CI"], tmp_path, check=True).stdout.decode()
    key_id = db_rows(tmp_path, "select id from api_key")[0][0]
    r = run(["keys", "rotate", str(key_id)], tmp_path)
    assert r.returncode == 0, r.stderr
    new = r.stdout.decode().strip()
    assert KEY_RE.match(new) and new != old.strip() and b"24 h" in r.stderr
    assert db_rows(tmp_path, "select count(*) from api_key where expires_at is not null") == [(1,)]
    r = run(["keys", "rotate", "999"], tmp_path)
    assert r.returncode == 2 and b"no key with id 999" in r.stderr


def test_unknown_page_size_lists_the_names(tmp_path):
    (tmp_path / "in.html").write_text("<p>x</p>")
    r = run(["render", "in.html", "--page-size", "Tabloid-ish"], tmp_path)
    assert r.returncode == 1
    for name in (b"A4", b"Letter", b"Legal", b"A5"):
        assert name in r.stderr


def test_the_password_prompt_asks_again(tmp_path):
    run(["migrate"], tmp_path, check=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PDFLET_")}
    session = PtySession([sys.executable, "-m", "pdflet", "createuser", "a@example.com"], tmp_path, env)
    session.expect("Password: ")
    session.send("short")
    assert "at least" in session.expect("Password: ")
    session.send("s3cret-password")
    session.expect("Password (again): ")
    session.send("s3cret-passw0rd")
    assert "do not match" in session.expect("Password: ")
    session.send("s3cret-password")
    session.expect("Password (again): ")
    session.send("s3cret-password")
    session.expect("created user a@example.com")
    assert session.wait() == 0
    assert "echoed" not in session.transcript and "s3cret" not in session.transcript  # typed, never shown


@pytest.mark.parametrize("command", [["users", "list"], ["keys", "list", "--user", "a@example.com"]])
def test_commands_without_a_database_do_not_create_one(tmp_path, command):
    r = run(command, tmp_path)
    assert r.returncode == 2 and not (tmp_path / ".pdflet").exists()
