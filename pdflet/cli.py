"""The ``pdflet`` command: serve, migrate, users, keys, local rendering, plugin listing.

This is the one place that wires settings, database, plugins and the app together.
User mistakes print one line to stderr and exit non-zero; no tracebacks.
"""

from __future__ import annotations

import argparse
import getpass
import logging
import sys
from pathlib import Path

from pdflet import __version__
from pdflet.config import Settings, SettingsError
from pdflet.errors import PdfletError

log = logging.getLogger("pdflet")


class CliError(Exception):
    """A user mistake: printed without a traceback."""


def _settings(args: argparse.Namespace) -> Settings:
    overrides = {k: getattr(args, k, None) for k in ("host", "port")}
    return Settings.from_env(**overrides)


def _open_db(settings: Settings, migrate: bool = True):
    from pdflet.db import connect_database
    from pdflet.db import migrate as run_migrations

    db = connect_database(settings.database_url)
    if migrate:
        run_migrations(db)
    return db


# -- serve -----------------------------------------------------------------------------------
def cmd_serve(args: argparse.Namespace) -> int:
    from pdflet.server import ServeError, serve

    settings = _settings(args)
    if args.processes is not None:
        if args.processes < 1:
            raise CliError("--processes must be at least 1")
        settings = settings.replace(processes=args.processes)
    try:
        return serve(settings, xheaders=args.xheaders)
    except ServeError as exc:
        raise CliError(str(exc)) from None


def cmd_migrate(args: argparse.Namespace) -> int:
    from pdflet.db import connect_database, migrate

    db = connect_database(_settings(args).database_url)
    applied = migrate(db)
    print(f"applied migrations: {', '.join(map(str, applied))}" if applied else "database is up to date")
    return 0


# -- users and keys --------------------------------------------------------------------------
def _read_password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        if not sys.stdin.isatty():
            raise CliError("no terminal to ask for a password: use --password-stdin")
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password (again): "):
            raise CliError("the passwords do not match")
    return password


def cmd_createuser(args: argparse.Namespace) -> int:
    from pdflet.services.passwords import Passwords
    from pdflet.services.users import create_user

    _open_db(_settings(args))
    user = create_user(Passwords(), args.email, _read_password(args), is_staff=args.admin)
    print(f"created {'staff ' if user.is_staff else ''}user {user.email} (id {user.id})")
    return 0


def _user(email: str):  # type: ignore[no-untyped-def]
    from pdflet.services.users import find_user

    user = find_user(email)
    if user is None:
        raise CliError(f"no user with email {email}")
    return user


def cmd_keys_create(args: argparse.Namespace) -> int:
    from pdflet.services.keys import create_key

    _open_db(_settings(args))
    new = create_key(
        _user(args.user), args.name, mode="test" if args.test else "live", scopes=args.scope or None,
        expires_days=args.expires_days, rate_limit=args.rate_limit,
    )
    print(new.secret)
    print(f"key id {new.record.id} '{new.record.name}' scopes {new.record.scopes}. "
          "Store it now: it will not be shown again.", file=sys.stderr)
    return 0


def cmd_keys_list(args: argparse.Namespace) -> int:
    from pdflet.services.keys import key_status, list_keys

    _open_db(_settings(args))
    rows = list_keys(_user(args.user))
    print(f"{'ID':>5}  {'KEY':<22} {'MODE':<5} {'STATUS':<9} {'CREATED':<17} {'LAST USED':<17} NAME")
    for k in rows:
        last = k.last_used_at.strftime("%Y-%m-%d %H:%M") if k.last_used_at else "never"
        print(f"{k.id:>5}  {k.display:<22} {k.mode:<5} {key_status(k):<9} "
              f"{k.created_at:%Y-%m-%d %H:%M} {last:<17} {k.name}")
    return 0


def cmd_keys_revoke(args: argparse.Namespace) -> int:
    from pdflet.db.models import ApiKey
    from pdflet.services.keys import revoke_key

    _open_db(_settings(args))
    key = ApiKey.get_or_none(ApiKey.id == args.key_id)
    if key is None:
        raise CliError(f"no key with id {args.key_id}")
    revoke_key(key)
    print(f"revoked key {key.id} '{key.name}' ({key.display})")
    return 0


# -- jobs and webhooks ----------------------------------------------------------------------
def cmd_worker(args: argparse.Namespace) -> int:
    from pdflet.job_host import run_worker

    settings = _settings(args)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    workers = args.workers or settings.job_workers or settings.render_workers
    if workers < 1:
        raise CliError("--workers must be at least 1")
    return run_worker(settings, workers)


def cmd_webhooks_secret(args: argparse.Namespace) -> int:
    from pdflet.services import webhook_secrets

    _open_db(_settings(args))
    user = _user(args.user)
    if args.rotate:
        row = webhook_secrets.roll(user)
        print(row.secret)
        print("New webhook signing secret; the previous one keeps signing for 24 hours. "
              "Store it now: it will not be shown again.", file=sys.stderr)
        return 0
    row, created = webhook_secrets.ensure(user)
    if not created:
        raise CliError(f"{user.email} already has a webhook secret ({webhook_secrets.masked(row)}); "
                       "it is shown only once: use --rotate for a new one")
    print(row.secret)
    print("Webhook signing secret created. Store it now: it will not be shown again.", file=sys.stderr)
    return 0


# -- rendering -------------------------------------------------------------------------------
def cmd_render(args: argparse.Namespace) -> int:
    from pdflet.pipeline import render_request, validate_request
    from pdflet.plugins import make_plugin_manager

    settings = _settings(args)
    try:
        raw = sys.stdin.buffer.read() if args.input == "-" else Path(args.input).read_bytes()
        css = Path(args.css).read_text(encoding="utf-8") if args.css else None
    except OSError as exc:
        raise CliError(f"cannot read {exc.filename}: {exc.strerror}") from None
    html = raw.decode("utf-8", errors="replace")
    options = {k: v for k, v in {
        "page_size": args.page_size, "orientation": args.orientation, "margin": args.margin,
        "title": args.title,
    }.items() if v is not None}
    pm = make_plugin_manager(settings)
    body = {"html": html, "css": css, "renderer": args.renderer, "options": options or None}
    request = validate_request(pm, {k: v for k, v in body.items() if v is not None})
    output = render_request(pm, request)
    if (args.output in (None, "-") and args.input == "-") or args.output == "-":
        sys.stdout.buffer.write(output.data)
        sys.stdout.buffer.flush()
    else:
        target = Path(args.output) if args.output else Path(args.input).with_suffix(".pdf")
        try:
            target.write_bytes(output.data)
        except OSError as exc:
            raise CliError(f"cannot write {target}: {exc.strerror}") from None
        print(f"wrote {target} ({output.pages} page{'s' if output.pages != 1 else ''}, "
              f"{len(output.data)} bytes, renderer {output.renderer})", file=sys.stderr)
    return 0


def cmd_renderers(args: argparse.Namespace) -> int:
    from pdflet.plugins import DEFAULT_RENDERER, collect_renderers, list_plugins, make_plugin_manager

    pm = make_plugin_manager(_settings(args))
    print("Renderers:")
    for r in collect_renderers(pm).values():
        mark = " (default)" if r.name == DEFAULT_RENDERER else ""
        print(f"  {r.name:<14} {r.version:<10} {r.description}{mark}")
    print("Plugins:")
    for p in list_plugins(pm):
        print(f"  {p.name:<40} {p.version}{'  built-in' if p.builtin else ''}")
    return 0


# -- parser ----------------------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="pdflet", description="HTML to PDF without a browser.")
    parser.add_argument("--version", action="version", version=f"pdflet {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="run the HTTP service")
    serve.add_argument("--host", help="address to bind (default 127.0.0.1, PDFLET_HOST)")
    serve.add_argument("--port", type=int, help="port (default 8000, PDFLET_PORT)")
    serve.add_argument("--xheaders", action="store_true", help="trust X-Real-Ip/X-Forwarded-For (behind a proxy)")
    serve.add_argument("--processes", type=int, metavar="N",
                       help="web processes sharing the port, each with its own render pool "
                            "(default 1, PDFLET_PROCESSES; above 1 needs PostgreSQL)")
    serve.set_defaults(func=cmd_serve)

    sub.add_parser("migrate", help="apply database migrations").set_defaults(func=cmd_migrate)

    cu = sub.add_parser("createuser", help="create a user")
    cu.add_argument("email")
    cu.add_argument("--admin", action="store_true", help="make the user staff")
    cu.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    cu.set_defaults(func=cmd_createuser)

    keys = sub.add_parser("keys", help="manage API keys").add_subparsers(dest="keys_command", required=True)
    kc = keys.add_parser("create", help="create a key and print it once")
    kc.add_argument("--user", required=True)
    kc.add_argument("--name", required=True)
    kc.add_argument("--scope", action="append", help="pdf:create (default), keys:read, keys:write, usage:read")
    kc.add_argument("--test", action="store_true", help="a pk_test_ key: watermarked, not metered")
    kc.add_argument("--expires-days", type=int)
    kc.add_argument("--rate-limit", type=int, help="requests per minute (0 = unlimited)")
    kc.set_defaults(func=cmd_keys_create)
    kl = keys.add_parser("list", help="list a user's keys")
    kl.add_argument("--user", required=True)
    kl.set_defaults(func=cmd_keys_list)
    kr = keys.add_parser("revoke", help="revoke a key by id")
    kr.add_argument("key_id", type=int)
    kr.set_defaults(func=cmd_keys_revoke)

    render = sub.add_parser("render", help="render a file locally, no server")
    render.add_argument("input", help="HTML file, or - for standard input")
    render.add_argument("-o", "--output", help="PDF file, or - for standard output")
    render.add_argument("--renderer")
    render.add_argument("--css", help="an extra stylesheet file")
    render.add_argument("--page-size")
    render.add_argument("--orientation", choices=["portrait", "landscape"])
    render.add_argument("--margin")
    render.add_argument("--title")
    render.set_defaults(func=cmd_render)

    worker = sub.add_parser("worker", help="consume jobs (no HTTP); see PDFLET_JOB_WORKERS")
    worker.add_argument("--workers", type=int, help="consumer threads and render processes "
                                                    "(default PDFLET_JOB_WORKERS, else PDFLET_RENDER_WORKERS)")
    worker.set_defaults(func=cmd_worker)

    hooks = sub.add_parser("webhooks", help="webhook signing secrets").add_subparsers(
        dest="webhooks_command", required=True)
    ws = hooks.add_parser("secret", help="create a user's webhook signing secret and print it once")
    ws.add_argument("--user", required=True)
    ws.add_argument("--rotate", action="store_true", help="a new secret; the old one signs too for 24 hours")
    ws.set_defaults(func=cmd_webhooks_secret)

    sub.add_parser("renderers", help="list renderers and plugins").set_defaults(func=cmd_renderers)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except (CliError, SettingsError) as exc:
        print(f"pdflet: error: {exc}", file=sys.stderr)
        return 2
    except PdfletError as exc:
        print(f"pdflet: error: {exc.detail} ({exc.code})", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
