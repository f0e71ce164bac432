"""The floor of pdflet's serving design: a bare Tornado handler and a bare pebble round trip.

No authentication, rate limit, metering, metrics, access log or request validation: the
handler decodes the JSON body, hands ``html`` to a pebble pool built like pdflet's
(forkserver with the same preload, the same worker initialiser, no recycling) whose
worker runs the same ``worker.render``, and writes the PDF back. Whatever CPU this costs
per render above the bare renderer is the price of HTTP in Tornado plus the process hop
through pebble, which no change inside pdflet's handlers can remove.

``GET /count`` answers how many renders finished, so a benchmark can divide CPU by them.

Usage: python bench/floor_server.py PORT WORKERS
"""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import sys

import pebble
import tornado.web

from pdflet.config import Settings
from pdflet.request import RenderRequest
from pdflet.services import worker
from pdflet.services.rendering import PRELOAD


class Render(tornado.web.RequestHandler):
    async def post(self) -> None:
        html = json.loads(self.request.body)["html"]
        state = self.application.settings["state"]
        future = state["pool"].schedule(worker.render, args=(RenderRequest(html=html),), timeout=30)
        output = await asyncio.wrap_future(future)
        state["count"] += 1
        self.set_header("Content-Type", "application/pdf")
        self.finish(output.data)


class Count(tornado.web.RequestHandler):
    def get(self) -> None:
        self.finish({"renders": self.application.settings["state"]["count"]})


async def main(port: int, workers: int) -> None:
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    settings = Settings()
    pool = pebble.ProcessPool(max_workers=workers, initializer=worker.init, initargs=(settings,), context=context)
    state = {"pool": pool, "count": 0}
    app = tornado.web.Application([(r"/api/v1/pdf/", Render), (r"/count", Count)], state=state)
    app.listen(port, "127.0.0.1")
    await asyncio.Event().wait()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]), int(sys.argv[2])))
