"""Static files with the app's JSON errors: odd paths are a 400 or a 404, never Tornado's HTML 500.

Tornado's StaticFileHandler answers a NUL in the path (``/static/x%00``) with an HTML 500 and a
traceback in the log (``os.path.realpath`` raises ``ValueError``), and a path outside the root or a
directory with an HTML 403. Here control characters are a 400, anything that is not a file under
the root is a 404, both in the ``{"detail", "code"}`` shape with ``X-Request-Id``.
"""

from __future__ import annotations

import re

import tornado.web

from pdflet.errors import InvalidRequest, NotFound
from pdflet.web.base import BaseHandler

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class StaticFiles(BaseHandler, tornado.web.StaticFileHandler):
    """``/static/…`` (the admin's CSS and scripts)."""

    route_name = "static"

    async def get(self, path: str, include_body: bool = True) -> None:
        if _CONTROL.search(path):
            raise InvalidRequest("The path contains control characters.")
        try:
            await super().get(path, include_body)
        except ValueError:  # anything else the file system refuses to look up
            raise NotFound(f"No file {self.request.path}.") from None
        except tornado.web.HTTPError as exc:
            if exc.status_code == 403:  # outside the root, or a directory: not a file we serve
                raise NotFound(f"No file {self.request.path}.") from None
            raise
