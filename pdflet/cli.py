"""The ``pdflet`` command: serve, migrate, users, keys, local rendering, plugin listing.

This is the one place that wires settings, database, plugins and the app together.
User mistakes print one line to stderr and exit non-zero; no tracebacks.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pdflet import __version__, datadir
from pdflet.cli_accounts import CliError, add_users_parser, cmd_keys_rotate, read_password, user_by_email
from pdflet.config import Settings, SettingsError
from pdflet.errors import PdfletError, RenderFailed

log = logging.getLogger("pdflet")
FMT = argparse.RawDescriptionHelpFormatter


def _settings(args: argparse.Namespace) -> Settings:
    """Settings from the environment and flags, with the data directory found as :mod:`pdflet.datadir` says."""
    overrides = {k: getattr(args, k, None) for k in ("host", "port")}
    flag = getattr(args, "data_dir", None)
    return datadir.resolve(Settings.from_env(**overrides), data_dir=Path(flag) if flag else None)


def _announce(settings: Settings, *, create: bool) -> None:
    """The first line of every command touching the database: which database it is."""
    path = datadir.sqlite_path(settings)
    if not create:
        try:
            datadir.require_existing(settings)
        except datadir.NoDatabase as exc:
            raise CliError(str(exc)) from None
    new = " (new)" if path is not None and not path.is_file() else ""
    print(f"pdflet: database {datadir.describe(settings)}{new}", file=sys.stderr, flush=True)


def _open_db(args_or_settings: argparse.Namespace | Settings, migrate: bool = True, create: bool = False):
    from pdflet.db import connect_database
    from pdflet.db import migrate as run_migrations

    settings = args_or_settings if isinstance(args_or_settings, Settings) else _settings(args_or_settings)
    _announce(settings, create=create)
    db = connect_database(settings.database_url)
    if migrate:
        run_migrations(db)
    return db


def _with_db(func: Callable[[argparse.Namespace, Settings], int]) -> Callable[[argparse.Namespace], int]:
    """Wrap a command that works on an existing database: find it, say which, then run."""
    def command(args: argparse.Namespace) -> int:
        settings = _settings(args)
        _open_db(settings)
        return func(args, settings)
    return command


# -- serve -----------------------------------------------------------------------------------
def cmd_serve(args: argparse.Namespace) -> int:
    from pdflet.server import ServeError, serve

    settings = _settings(args)
    _announce(settings, create=True)
    if args.processes is not None:
        if args.processes < 1:
            raise CliError("--processes must be at least 1")
        settings = settings.replace(processes=args.processes)
    try:
        return serve(settings, xheaders=args.xheaders)
    except ServeError as exc:
        raise CliError(str(exc)) from None


def cmd_migrate(args: argparse.Namespace) -> int:
    from pdflet.db import migrate

    db = _open_db(args, migrate=False, create=True)
    applied = migrate(db)
    print(f"applied migrations: {', '.join(map(str, applied))}" if applied else "database is up to date")
    return 0


# -- users and keys --------------------------------------------------------------------------
def cmd_createuser(args: argparse.Namespace) -> int:
    from pdflet.services.passwords import Passwords
    from pdflet.services.users import create_user

    _open_db(args)
    user = create_user(Passwords(), args.email, read_password(args), is_staff=args.admin)
    print(f"created {'staff ' if user.is_staff else ''}user {user.email} (id {user.id})")
    return 0


def _user(email: str) -> Any:
    return user_by_email(email)


def cmd_keys_create(args: argparse.Namespace) -> int:
    from pdflet.services.keys import create_key

    _open_db(args)
    new = create_key(
        _user(args.user), args.name, mode="test" if args.test else "live", scopes=args.scope or None,
        expires_days=args.expires_days, rate_limit=args.rate_limit,
    )
    print(new.secret)
    print(f"key id {new.record.id} '{new.record.name}' scopes {new.record.scopes}. "
          "Store it now: it will not be shown again.", file=sys.stderr)
    return 0


def cmd_keys_list(args: argparse.Namespace) -> int:
    from pdflet.services.key_policy import key_status
    from pdflet.services.keys import list_keys

    _open_db(args)
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

    _open_db(args)
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
def _asset_folder(args: argparse.Namespace) -> str | None:
    """Where relative URLs are read from: ``--base-dir``, else the input file's folder (none for stdin)."""
    if args.base_dir:
        folder = Path(args.base_dir)
        if not folder.is_dir():
            raise CliError(f"--base-dir {args.base_dir}: not a directory")
        return str(folder.resolve())
    return None if args.input == "-" else str(Path(args.input).resolve().parent)


def _named_assets(specs: list[str]) -> dict[str, bytes]:
    """``--asset NAME=PATH`` options as the request's assets (names checked as the API checks them)."""
    from pdflet.renderers.assets import AssetNameError, check_asset_name

    assets: dict[str, bytes] = {}
    for spec in specs:
        name, sep, path = spec.partition("=")
        if not sep or not path:
            raise CliError(f"--asset {spec!r}: use NAME=PATH, e.g. --asset fonts/Inter.woff2=./Inter.woff2")
        try:
            assets[check_asset_name(name)] = Path(path).read_bytes()
        except AssetNameError as exc:
            raise CliError(f"--asset {spec!r}: {exc}") from None
        except OSError as exc:
            raise CliError(f"--asset {spec!r}: cannot read {path}: {exc.strerror}") from None
    return assets


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
    request.assets = _named_assets(args.asset or [])
    request.asset_folder = _asset_folder(args)
    output = render_request(pm, request)
    for warning in output.warnings:
        print(f"pdflet: warning: [{warning['type']}] {warning['message']}", file=sys.stderr)
    if args.strict and output.warnings:
        count = len(output.warnings)
        raise RenderFailed(f"{count} warning{'s' if count != 1 else ''} with --strict: no PDF written.")
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
DESCRIPTION = """HTML to PDF without a browser: a JSON API service, its admin, and a local renderer.

Commands that use the database find ./.pdflet in this folder or a parent (as git finds .git),
say which database on their first line, and never create a second one by accident; set
PDFLET_DATA_DIR or pass --data-dir to choose another."""

MAIN_EPILOG = """examples:
  pdflet serve                                     # http://127.0.0.1:8000, admin at /admin/
  pdflet createuser admin@example.com --admin      # asks for a password twice
  pdflet keys create --user admin@example.com --name "Production Server"
  pdflet render invoice.html -o invoice.pdf --page-size Letter

'pdflet COMMAND --help' shows a command's options and examples."""


def _sub(sub: Any, name: str, text: str, examples: str, parents: list | None = None) -> argparse.ArgumentParser:
    """A subcommand whose help ends with examples."""
    return sub.add_parser(name, help=text, description=text[:1].upper() + text[1:] + ".",
                          epilog="examples:\n" + examples, formatter_class=FMT, parents=parents or [])


def _data_dir_parent() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", metavar="DIR",
                        help="data directory holding pdflet.db and secret_key (default: PDFLET_DATA_DIR, "
                             "else the nearest ./.pdflet in this folder or its parents)")
    return common


def _add_serve(sub: Any, common: list) -> None:
    serve = _sub(sub, "serve", "run the HTTP service (migrates the database first)",
                 "  pdflet serve\n  pdflet serve --host 0.0.0.0 --port 8080\n"
                 "  PDFLET_DATABASE_URL=postgresql://pdflet@db/pdflet pdflet serve --processes 4 --xheaders",
                 common)
    serve.add_argument("--host", help="address to bind (default 127.0.0.1, PDFLET_HOST)")
    serve.add_argument("--port", type=int, help="port (default 8000, PDFLET_PORT)")
    serve.add_argument("--xheaders", action="store_true",
                       help="trust X-Real-Ip/X-Forwarded-For and X-Scheme (only behind a proxy that sets them)")
    serve.add_argument("--processes", type=int, metavar="N",
                       help="web processes sharing the port, each with its own render pool "
                            "(default 1, PDFLET_PROCESSES; above 1 needs PostgreSQL)")
    serve.set_defaults(func=cmd_serve)
    _sub(sub, "migrate", "apply database migrations (creates the database when there is none)",
         "  pdflet migrate\n  pdflet migrate --data-dir /var/lib/pdflet", common).set_defaults(func=cmd_migrate)


def _add_keys(sub: Any, common: list) -> None:
    keys_parser = sub.add_parser("keys", help="create, list, rotate and revoke API keys", formatter_class=FMT,
                                 description="Manage API keys.",
                                 epilog="examples:\n  pdflet keys create --user a@example.com --name CI\n"
                                        "  pdflet keys list --user a@example.com\n  pdflet keys rotate 12")
    keys = keys_parser.add_subparsers(dest="keys_command", required=True, metavar="ACTION")
    kc = _sub(keys, "create", "create a key and print it once",
              '  pdflet keys create --user a@example.com --name "Production Server"\n'
              "  pdflet keys create --user a@example.com --name staging --test --expires-days 30\n"
              "  KEY=$(pdflet keys create --user a@example.com --name CI --scope pdf:create --scope usage:read)",
              common)
    kc.add_argument("--user", required=True, metavar="EMAIL", help="email of the key's owner")
    kc.add_argument("--name", required=True, help="a name to recognise the key by (e.g. where it is used)")
    kc.add_argument("--scope", action="append", metavar="SCOPE",
                    help="repeat for several: pdf:create (default), keys:read, keys:write, usage:read")
    kc.add_argument("--test", action="store_true", help="a pk_test_ key: watermarked, not metered")
    kc.add_argument("--expires-days", type=int, metavar="N", help="the key stops working after N days (default never)")
    kc.add_argument("--rate-limit", type=int, metavar="N",
                    help="requests per minute for this key (0 = unlimited; default PDFLET_RATE_LIMIT_PER_MINUTE)")
    kc.set_defaults(func=cmd_keys_create)
    kl = _sub(keys, "list", "list a user's keys", "  pdflet keys list --user a@example.com", common)
    kl.add_argument("--user", required=True, metavar="EMAIL", help="email of the keys' owner")
    kl.set_defaults(func=cmd_keys_list)
    kr = _sub(keys, "revoke", "revoke a key at once", "  pdflet keys revoke 12", common)
    kr.add_argument("key_id", type=int, metavar="KEY_ID", help="the key's id (first column of 'keys list')")
    kr.set_defaults(func=cmd_keys_revoke)
    kt = _sub(keys, "rotate", "print a replacement key; the old one keeps working for a grace period",
              "  pdflet keys rotate 12\n  pdflet keys rotate 12 --grace-hours 0     # the old key stops now", common)
    kt.add_argument("key_id", type=int, metavar="KEY_ID", help="the key's id (first column of 'keys list')")
    kt.add_argument("--grace-hours", type=int, metavar="H",
                    help="hours the old key keeps working (default 24)")
    kt.set_defaults(func=_with_db(cmd_keys_rotate))


def _add_render(sub: Any) -> None:
    render = _sub(sub, "render", "render a file locally, no server and no database",
                  "  pdflet render invoice.html -o invoice.pdf --page-size Letter\n"
                  "  cat page.html | pdflet render - -o - > page.pdf\n"
                  '  pdflet render report.html --css print.css --margin "20mm 15mm" --orientation landscape')
    render.add_argument("input", help="HTML file, or - for standard input")
    render.add_argument("-o", "--output", help="PDF file, or - for standard output (default: INPUT with .pdf)")
    render.add_argument("--renderer", metavar="NAME", help="a renderer from 'pdflet renderers' (default reportlab)")
    render.add_argument("--css", metavar="FILE", help="an extra stylesheet file, applied after the document's own")
    render.add_argument("--page-size", metavar="SIZE",
                        help="A4 (default), Letter, Legal, A3, A5, … or two lengths such as '210mm 297mm'")
    render.add_argument("--orientation", choices=["portrait", "landscape"], help="default portrait")
    render.add_argument("--margin", help="CSS margin shorthand, e.g. 20mm or '1in 0.75in'")
    render.add_argument("--title", help="PDF title (default: the document's <title>)")
    render.add_argument("--base-dir", help="folder relative URLs resolve in (default: the input file's folder; "
                                           "nothing for standard input)")
    render.add_argument("--asset", action="append", metavar="NAME=PATH",
                        help="a file the document names as NAME (repeatable), e.g. fonts/Inter.woff2=./Inter.woff2")
    render.add_argument("--strict", action="store_true", help="fail (no PDF) when the render reports any warning")
    render.set_defaults(func=cmd_render)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="pdflet", description=DESCRIPTION, epilog=MAIN_EPILOG, formatter_class=FMT)
    parser.add_argument("--version", action="version", version=f"pdflet {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    common = [_data_dir_parent()]
    _add_serve(sub, common)
    cu = _sub(sub, "createuser", "create a user",
              "  pdflet createuser admin@example.com --admin    # asks for a password twice\n"
              "  printf '%s\\n' \"$PASSWORD\" | pdflet createuser ci@example.com --password-stdin", common)
    cu.add_argument("email", help="the new user's email address (their login)")
    cu.add_argument("--admin", action="store_true", help="make the user staff: manages users, reads the audit trail")
    cu.add_argument("--password-stdin", action="store_true",
                    help="read the password from the first line of standard input instead of asking")
    cu.set_defaults(func=cmd_createuser)
    add_users_parser(sub, common, _with_db)
    _add_keys(sub, common)
    _add_render(sub)
    worker = _sub(sub, "worker", "consume jobs, without serving HTTP (see PDFLET_JOB_WORKERS)",
                  "  pdflet worker\n  pdflet worker --workers 4", common)
    worker.add_argument("--workers", type=int, metavar="N",
                        help="consumer threads and render processes (default PDFLET_JOB_WORKERS, else "
                             "PDFLET_RENDER_WORKERS)")
    worker.set_defaults(func=cmd_worker)
    hooks_parser = _sub(sub, "webhooks", "webhook signing secrets",
                        "  pdflet webhooks secret --user a@example.com\n"
                        "  pdflet webhooks secret --user a@example.com --rotate", common)
    hooks = hooks_parser.add_subparsers(dest="webhooks_command", required=True, metavar="ACTION")
    ws = _sub(hooks, "secret", "create a user's webhook signing secret and print it once",
              "  pdflet webhooks secret --user a@example.com --rotate", common)
    ws.add_argument("--user", required=True, metavar="EMAIL", help="the user whose secret it is")
    ws.add_argument("--rotate", action="store_true", help="a new secret; the old one signs too for 24 hours")
    ws.set_defaults(func=cmd_webhooks_secret)
    _sub(sub, "renderers", "list renderers and plugins", "  pdflet renderers").set_defaults(func=cmd_renderers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "func", None) is None:  # plain ``pdflet``: the overview, not an error
        parser.print_help()
        return 0
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
