"""The HTTP side of ``Idempotency-Key``: claim or wait, then record or replay (see services/idempotency)."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

from pdflet.db.job_models import IdempotencyRecord
from pdflet.errors import PdfletError
from pdflet.request import RenderOutput
from pdflet.services import idempotency
from pdflet.services.ids import new_id
from pdflet.services.results import ResultStore, make_result_store

POLL_SECONDS = 0.05
REPLAYABLE = ("render_failed",)  # answers, not accidents: replayed rather than retried


def result_store(ctx: Any) -> ResultStore:
    """The context's result store, made on first use (one per web process)."""
    store = ctx.extras.get("result_store")
    if store is None:
        store = ctx.extras["result_store"] = make_result_store(ctx.settings.results_dir)
    return store


async def claim(handler: Any, route: str, request: Any, **extra: Any) -> tuple[
        IdempotencyRecord | None, IdempotencyRecord | None]:
    """``(record, None)`` when this request owns its key (or sent none: ``(None, None)``);
    ``(None, first)`` when a first request with the same key finished and should be replayed.
    Concurrent duplicates wait here for the first one's outcome instead of rendering again.
    """
    header = handler.request.headers.get("Idempotency-Key")
    if header is None:
        return None, None
    key = idempotency.check_key(header)
    digest = idempotency.fingerprint(route, request, **extra)
    user = handler.principal.user
    stale = dt.timedelta(seconds=handler.ctx.settings.render_timeout + 10)
    loop = asyncio.get_running_loop()
    while True:
        fresh, record = await handler.run_io(idempotency.begin, user, key, digest)
        if fresh:
            return record, None
        deadline = loop.time() + stale.total_seconds()
        while record is not None and record.state != "done":
            if loop.time() > deadline and await handler.run_io(idempotency.take_over, record, stale):
                return await handler.run_io(idempotency.reload, record.id), None
            await asyncio.sleep(POLL_SECONDS)
            record = await handler.run_io(idempotency.reload, record.id)
        if record is not None:
            return None, record
        # the first request released the key (busy, timeout): claim it again


async def remember_error(handler: Any, record: IdempotencyRecord | None, exc: BaseException) -> None:
    """Keep a replayable error as the key's answer; release the key for anything worth retrying."""
    if record is None:
        return
    if isinstance(exc, PdfletError) and exc.code in REPLAYABLE:
        await handler.run_io(idempotency.complete, record, exc.status,
                             {"error": exc.as_dict(), "status": exc.status})
    else:
        await handler.run_io(idempotency.release, record)


def replay_error(record: IdempotencyRecord) -> None:
    """Raise the stored error of a replayed key, if it holds one."""
    response = idempotency.response_of(record)
    if "error" in response:
        error = PdfletError(response["error"]["detail"])
        error.status, error.code = int(response["status"]), response["error"]["code"]
        raise error


async def remember_pdf(handler: Any, record: IdempotencyRecord, output: RenderOutput, filename: str) -> None:
    name = new_id("idem") + ".pdf"
    await handler.run_io(result_store(handler.ctx).put, name, output.data)
    await handler.run_io(idempotency.complete, record, 200, {
        "stored": name, "pages": output.pages, "renderer": output.renderer, "filename": filename})


async def replay_pdf(handler: Any, record: IdempotencyRecord) -> None:
    """Answer with the first response's PDF and headers."""
    replay_error(record)
    response = idempotency.response_of(record)
    data = await handler.run_io(result_store(handler.ctx).get, response["stored"])
    if data is None:
        raise idempotency.IdempotencyMismatch("The first response to this Idempotency-Key is no longer stored.")
    handler.set_header("Content-Type", "application/pdf")
    handler.set_header("Content-Disposition", f'inline; filename="{response["filename"]}"')
    handler.set_header("X-Pdflet-Pages", str(response["pages"]))
    handler.set_header("X-Pdflet-Renderer", response["renderer"])
    handler.set_header("Idempotent-Replayed", "true")
    handler.set_header("Cache-Control", "no-store")
    handler.finish(data)
