"""``pdflet users …``, ``pdflet keys rotate`` and the password prompt: account work from a terminal.

The use cases live in :mod:`pdflet.services` (the admin and the API call the same functions);
this module only parses, prompts and prints.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from typing import Any

PROMPT_ATTEMPTS = 5


class CliError(Exception):
    """A user mistake: printed without a traceback (re-exported by :mod:`pdflet.cli`)."""


def read_password(args: argparse.Namespace, *, prompt: Callable[[str], str] = getpass.getpass) -> str:
    """From ``--password-stdin``, or asked twice on the terminal until it is acceptable and matches."""
    from pdflet.errors import InvalidRequest
    from pdflet.services.users import validate_password

    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        raise CliError("no terminal to ask for a password: use --password-stdin")
    for _ in range(PROMPT_ATTEMPTS):
        try:
            password = prompt("Password: ")
            try:
                validate_password(password)
            except InvalidRequest as exc:
                print(f"{exc.detail} Try again.", file=sys.stderr)
                continue
            if password == prompt("Password (again): "):
                return password
            print("The passwords do not match. Try again.", file=sys.stderr)
        except EOFError:
            raise CliError("no password given") from None
    raise CliError(f"no acceptable password after {PROMPT_ATTEMPTS} attempts")


def user_by_email(email: str) -> Any:
    from pdflet.services.users import find_user

    user = find_user(email)
    if user is None:
        raise CliError(f"no user with email {email}")
    return user


def cmd_keys_rotate(args: argparse.Namespace, settings: Any) -> int:
    from pdflet.db.models import ApiKey
    from pdflet.services.keys import rotate_key

    key = ApiKey.get_or_none(ApiKey.id == args.key_id)
    if key is None:
        raise CliError(f"no key with id {args.key_id}")
    grace = settings.rotation_grace_hours if args.grace_hours is None else args.grace_hours
    if grace < 0:
        raise CliError("--grace-hours must be 0 or more")
    new = rotate_key(key, grace_hours=grace)
    print(new.secret)
    print(f"key {new.record.id} '{new.record.name}' replaces key {key.id}, which keeps working for {grace} h. "
          "Store the new key now: it will not be shown again.", file=sys.stderr)
    return 0


def cmd_users_list(args: argparse.Namespace, settings: Any) -> int:
    from pdflet.services.users import key_count, list_users

    print(f"{'ID':>5}  {'EMAIL':<32} {'STAFF':<5} {'ACTIVE':<6} {'KEYS':>4}  {'CREATED':<16}  LAST LOGIN")
    for u in list_users():
        last = u.last_login_at.strftime("%Y-%m-%d %H:%M") if u.last_login_at else "never"
        print(f"{u.id:>5}  {u.email:<32} {'yes' if u.is_staff else 'no':<5} {'yes' if u.is_active else 'no':<6} "
              f"{key_count(u):>4}  {u.created_at:%Y-%m-%d %H:%M}  {last}")
    return 0


def cmd_users_deactivate(args: argparse.Namespace, settings: Any) -> int:
    from pdflet.services.users import deactivate_user

    user = user_by_email(args.email)
    deactivate_user(user)
    print(f"deactivated {user.email}: every session ended, keys refused until it is activated again")
    return 0


def cmd_users_activate(args: argparse.Namespace, settings: Any) -> int:
    from pdflet.services.users import set_active

    user = user_by_email(args.email)
    set_active(user, True)
    print(f"activated {user.email}")
    return 0


def cmd_users_set_password(args: argparse.Namespace, settings: Any) -> int:
    from pdflet.services.passwords import Passwords
    from pdflet.services.users import set_password

    user = user_by_email(args.email)
    set_password(Passwords(), user, read_password(args))
    print(f"password of {user.email} set; their sessions were ended")
    return 0


USERS_EPILOG = """examples:
  pdflet users list
  pdflet users deactivate ex-employee@example.com     # ends their sessions; their keys stop working
  pdflet users activate ex-employee@example.com
  pdflet users set-password admin@example.com         # asks twice
  printf '%s\\n' "$NEW_PASSWORD" | pdflet users set-password admin@example.com --password-stdin
"""


def add_users_parser(sub: Any, common: list[argparse.ArgumentParser], run: Callable[..., Any]) -> None:
    """``pdflet users list|deactivate|activate|set-password``; ``run`` wraps a command with the database."""
    fmt = argparse.RawDescriptionHelpFormatter
    users = sub.add_parser("users", help="list, deactivate, activate users and set passwords",
                           description="Manage user accounts.", epilog=USERS_EPILOG, formatter_class=fmt)
    actions = users.add_subparsers(dest="users_command", required=True, metavar="ACTION")
    ul = actions.add_parser("list", help="list every user", parents=common, epilog="example:\n  pdflet users list",
                            formatter_class=fmt)
    ul.set_defaults(func=run(cmd_users_list))
    for name, func, text in (
        ("deactivate", cmd_users_deactivate, "refuse the user's logins and keys, end every session"),
        ("activate", cmd_users_activate, "let a deactivated user log in and use keys again"),
    ):
        p = actions.add_parser(name, help=text, parents=common, epilog=f"example:\n  pdflet users {name} a@example.com",
                               formatter_class=fmt)
        p.add_argument("email", help="the user's email address")
        p.set_defaults(func=run(func))
    sp = actions.add_parser("set-password", help="set a user's password", parents=common, formatter_class=fmt,
                            epilog="examples:\n  pdflet users set-password a@example.com\n"
                                   "  pdflet users set-password a@example.com --password-stdin < pw.txt")
    sp.add_argument("email", help="the user's email address")
    sp.add_argument("--password-stdin", action="store_true",
                    help="read the password from the first line of standard input instead of asking")
    sp.set_defaults(func=run(cmd_users_set_password))
