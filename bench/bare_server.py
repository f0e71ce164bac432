"""A bare Tornado server returning a fixed PDF: the floor pdflet's HTTP overhead is measured against."""

from __future__ import annotations

import asyncio
import sys

import tornado.web

from pdflet import render_pdf

PDF = render_pdf("<h1>Hello</h1>")


class FixedPdf(tornado.web.RequestHandler):
    def post(self) -> None:
        self.set_header("Content-Type", "application/pdf")
        self.finish(PDF)


async def main(port: int) -> None:
    tornado.web.Application([(r"/api/v1/pdf/", FixedPdf)]).listen(port, "127.0.0.1")
    await asyncio.Event().wait()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1])))
