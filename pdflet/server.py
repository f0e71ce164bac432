"""Running the HTTP service: one web process, or a small supervisor of several; graceful shutdown.

``pdflet serve`` runs :func:`serve`. With ``--processes N`` (N > 1) the parent binds the
listening socket once, forks N web processes that share it (the kernel spreads
connections between them), restarts one that dies, and on SIGTERM/SIGINT closes its
copy of the socket and passes the signal on. Each web process owns its database
connection, render pool, rate-limit client and metrics writer; nothing is shared but
the socket and the files under ``PROMETHEUS_MULTIPROC_DIR``.

Graceful shutdown (SIGTERM or SIGINT) in a web process: stop accepting (the listening
socket is closed, so new connections are refused once every process has closed it),
answer requests on kept-alive connections with ``Connection: close``, wait until the
requests in flight — renders included — have finished or ``shutdown_timeout`` has passed,
close the idle connections, stop the render workers, exit 0.

Under systemd use ``KillMode=mixed`` (see ``deploy/``): SIGTERM must reach the main
process only, not the render workers doing the work being waited for.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import shutil
import signal
import socket
import sys
import time
from pathlib import Path

from pdflet import __version__
from pdflet.config import Settings

log = logging.getLogger("pdflet")

MAX_RESTARTS = 10  # per RESTART_WINDOW seconds; past that the supervisor gives up
RESTART_WINDOW = 60.0


class ServeError(Exception):
    """A configuration that cannot be served (printed without a traceback)."""


def _admin_routes(ctx) -> list:  # type: ignore[no-untyped-def]
    try:
        from pdflet.admin.routes import admin_routes
    except ImportError as exc:
        if exc.name != "jinja2":  # only a missing template engine turns the admin off; a broken import is a bug
            raise
        return []
    return admin_routes(ctx)


def prepare_database(settings: Settings):  # type: ignore[no-untyped-def]
    """Open the database and apply migrations (once, before any web process starts)."""
    from pdflet.db import connect_database, migrate

    db = connect_database(settings.database_url)
    migrate(db)
    return db


def public_url(settings: Settings) -> str:
    """The base URL to print: a wildcard bind address is reached through loopback on this machine."""
    host = settings.host if settings.host not in ("", "0.0.0.0", "::") else "127.0.0.1"  # noqa: S104
    return f"http://{f'[{host}]' if ':' in host else host}:{settings.port}"


def log_first_steps(settings: Settings, setup_token) -> None:  # type: ignore[no-untyped-def]
    """Where the admin is, and the one-time link to create the first admin while there is no user."""
    base = public_url(settings)
    log.info("admin at %s/admin/ · API at %s/api/v1/ (described at /api/v1/openapi.json)", base, base)
    if setup_token is not None:
        log.warning("no users yet: create the first admin at %s/admin/setup/%s "
                    "(this link works once, for one hour; or run 'pdflet createuser EMAIL --admin')",
                    base, setup_token.value)


def run_web_process(settings: Settings, *, xheaders: bool, sockets: list[socket.socket] | None = None,
                    metrics_dir: Path | None = None, setup_token: object = None,
                    metrics_sockets: list[socket.socket] | None = None) -> int:
    """Serve until SIGTERM/SIGINT, then drain; returns the exit code."""
    import tornado.ioloop

    from pdflet.db import connect_database
    from pdflet.job_host import start_embedded, stop_embedded
    from pdflet.plugins import collect_renderers, make_plugin_manager
    from pdflet.services.first_run import setup_token_if_needed
    from pdflet.services.rendering import RenderPool
    from pdflet.services.signing import ensure_secret
    from pdflet.web.app import make_app
    from pdflet.web.connections import make_server
    from pdflet.web.context import AppContext
    from pdflet.web.metrics import Metrics
    from pdflet.web.metrics_app import bind_metrics_sockets, start_metrics_server

    db = prepare_database(settings) if sockets is None else connect_database(settings.database_url)
    if sockets is None:
        setup_token = setup_token_if_needed()
    secret = ensure_secret(settings)
    pm = make_plugin_manager(settings)
    pool = RenderPool(settings)
    ctx = AppContext(settings=settings, pm=pm, db=db, secret=secret, render_pool=pool,
                     renderers=collect_renderers(pm), metrics=Metrics(metrics_dir))
    ctx.extras["setup_token"] = setup_token
    app = make_app(ctx, extra_routes=_admin_routes(ctx))
    consumer = start_embedded(ctx)
    server = make_server(app, settings, xheaders=xheaders)
    metrics_server = start_metrics_server(  # one process binds the metrics port itself
        ctx, bind_metrics_sockets(settings.host, settings.metrics_port) if metrics_sockets is None else metrics_sockets)
    if sockets is None:
        server.listen(settings.port, settings.host)
        log.info("pdflet %s serving on http://%s:%s (database %s, %d render workers)", __version__,
                 settings.host, settings.port, settings.database_url.split("@")[-1], settings.render_workers)
        log_first_steps(settings, setup_token)
    else:
        server.add_sockets(sockets)
        log.info("web process %d serving (%d render workers)", os.getpid(), settings.render_workers)

    loop = tornado.ioloop.IOLoop.current()
    drained = asyncio.Event()
    late: list[bool] = []  # set when the deadline passed: then the workers are stopped without waiting

    async def drain() -> None:
        if ctx.draining:
            return
        ctx.draining = True
        log.info("shutting down: no new connections, finishing %d request(s) in flight (up to %g s)",
                 ctx.requests_in_flight, settings.shutdown_timeout)
        server.conn_params.no_keep_alive = True  # the next answer on a kept-alive connection closes it
        server.stop()
        if metrics_server is not None:
            metrics_server.stop()
        deadline = time.monotonic() + settings.shutdown_timeout
        while (ctx.requests_in_flight > 0 or pool.in_flight > 0) and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        if ctx.requests_in_flight > 0 or pool.in_flight > 0:
            log.warning("shutdown deadline passed with %d request(s) unfinished", ctx.requests_in_flight)
            late.append(True)
        await server.close_all_connections()
        drained.set()

    async def main() -> None:
        running = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            running.add_signal_handler(signum, lambda: asyncio.ensure_future(drain()))
        await drained.wait()

    try:
        loop.run_sync(main)
    finally:
        stop_embedded(consumer)
        pool.close(wait=0.0 if late else 5.0)
        ctx.executor.shutdown(wait=False)
        ctx.io_executor.shutdown(wait=False)
        db.close()
    log.info("stopped")
    return 0


def _metrics_dir(settings: Settings) -> Path:
    """A fresh per-run directory for prometheus-client's multiprocess files, under the data dir."""
    path = Path(settings.data_dir).resolve() / "run" / f"metrics-{os.getpid()}"
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


def _prepare_shared(settings: Settings):  # type: ignore[no-untyped-def]
    """Before forking: migrate once (not N times at the same moment), make the one setup link every
    web process shares, and the secret they all sign with."""
    from pdflet.services.first_run import setup_token_if_needed
    from pdflet.services.signing import ensure_secret

    db = prepare_database(settings)
    setup_token = setup_token_if_needed()
    db.close()
    ensure_secret(settings)
    return setup_token


def supervise(settings: Settings, *, xheaders: bool) -> int:
    """Fork ``settings.processes`` web processes on one shared socket and keep them running."""
    from tornado.netutil import bind_sockets

    if settings.is_sqlite:
        raise ServeError("--processes above 1 requires a server database: set PDFLET_DATABASE_URL=postgresql://…")
    metrics_dir = _metrics_dir(settings)
    # prometheus-client picks its multiprocess mode when first imported: before any pdflet.web import.
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(metrics_dir)
    setup_token = _prepare_shared(settings)
    sockets = bind_sockets(settings.port, settings.host, backlog=1024)
    # The metrics port is shared like the main one: every process exposes the sum over all of them.
    metrics_sockets = bind_sockets(settings.metrics_port, settings.host) if settings.metrics_port else []
    log.info("pdflet %s serving on http://%s:%s with %d web processes (database %s)", __version__,
             settings.host, settings.port, settings.processes, settings.database_url.split("@")[-1])
    log_first_steps(settings, setup_token)

    children: dict[int, int] = {}
    state = {"stopping": False}
    restarts: list[float] = []

    def spawn(index: int) -> None:
        pid = os.fork()
        if pid == 0:
            for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGCHLD):
                signal.signal(signum, signal.SIG_DFL)
            code = 1
            try:
                code = run_web_process(settings, xheaders=xheaders, sockets=sockets, metrics_dir=metrics_dir,
                                       setup_token=setup_token, metrics_sockets=metrics_sockets)
            except BaseException:  # a child must never return into the supervisor loop
                log.exception("web process %d failed", os.getpid())
            finally:
                logging.shutdown()
                os._exit(code)
        children[pid] = index

    def on_signal(signum: int, frame) -> None:  # type: ignore[no-untyped-def]
        if not state["stopping"]:
            state["stopping"] = True
            log.info("supervisor: %s, stopping %d web processes", signal.Signals(signum).name, len(children))
            for sock in sockets + metrics_sockets:
                sock.close()  # with every web process closing its copy too, new connections are refused
        for pid in list(children):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    for index in range(settings.processes):
        spawn(index)
    exit_code = 0
    from prometheus_client import multiprocess

    while children:
        try:
            pid, status = os.wait()
        except ChildProcessError:
            break
        index = children.pop(pid, None)
        if index is None:
            continue
        multiprocess.mark_process_dead(pid, str(metrics_dir))
        if state["stopping"]:
            continue
        code = os.waitstatus_to_exitcode(status)
        now = time.monotonic()
        restarts[:] = [t for t in restarts if now - t < RESTART_WINDOW] + [now]
        if len(restarts) > MAX_RESTARTS:
            log.error("supervisor: web processes keep dying (last exit %s); stopping", code)
            exit_code = 1
            on_signal(signal.SIGTERM, None)
            continue
        log.warning("supervisor: web process %d exited with %s; starting another", pid, code)
        spawn(index)
    shutil.rmtree(metrics_dir, ignore_errors=True)
    log.info("supervisor: stopped")
    return exit_code


def serve(settings: Settings, *, xheaders: bool = False) -> int:
    """``pdflet serve``: one web process, or a supervisor of ``settings.processes`` of them."""
    fmt = "%(asctime)s %(levelname)s %(name)s %(message)s"
    if settings.processes > 1:
        fmt = "%(asctime)s %(levelname)s [%(process)d] %(name)s %(message)s"
    logging.basicConfig(level=logging.INFO, format=fmt, stream=sys.stderr)
    Path(settings.data_dir).mkdir(parents=True, exist_ok=True, mode=0o700)  # secrets and the database
    if settings.processes > 1:
        return supervise(settings, xheaders=xheaders)
    return run_web_process(settings, xheaders=xheaders)
