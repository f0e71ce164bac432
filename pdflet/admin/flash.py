"""One-time messages across a redirect (Post/Redirect/Get), carried by a signed cookie.

A cookie rather than server memory, so that behind a load balancer the instance that
answers the redirect can show what another instance said. A cookie is signed but readable,
so it never carries an API key: a key created by a plain-HTML form post rides as a random
*reveal id* for :mod:`pdflet.services.reveal`. The payload names the browser session it
belongs to, so it is never shown to a later login.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

FLASH_COOKIE = "pdflet_flash"
FLASH_SECONDS = 120
KINDS = ("ok", "error")


@dataclass(frozen=True)
class Flash:
    """A message for the next page; ``reveal`` names a just-created key in the one-time store."""

    kind: str  # "ok" | "error"
    text: str
    reveal: str | None = None
    key_name: str | None = None


def encode(session_id: str, flashes: list[Flash]) -> str:
    return json.dumps({"sid": session_id, "items": [asdict(f) for f in flashes[-5:]]}, separators=(",", ":"))


def decode(raw: bytes | str | None, session_id: str) -> list[Flash]:
    """The flashes in ``raw`` if they belong to ``session_id``; anything malformed is ignored."""
    if not raw:
        return []
    try:
        data = json.loads(raw)
    except ValueError:
        return []
    if not isinstance(data, dict) or data.get("sid") != session_id or not isinstance(data.get("items"), list):
        return []
    flashes = []
    for item in data["items"]:
        if not isinstance(item, dict) or item.get("kind") not in KINDS or not isinstance(item.get("text"), str):
            continue
        reveal, name = item.get("reveal"), item.get("key_name")
        flashes.append(Flash(item["kind"], item["text"], reveal if isinstance(reveal, str) else None,
                             name if isinstance(name, str) else None))
    return flashes
