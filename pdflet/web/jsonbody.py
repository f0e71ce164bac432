"""A request body read as the JSON object every API route takes, with the contract's errors."""

from __future__ import annotations

import json
from typing import Any

from pdflet.errors import InvalidJson


def json_object(raw: bytes) -> dict[str, Any]:
    """``raw`` as a JSON object, or a 400 ``invalid_json`` that says what is wrong with it."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise InvalidJson("The request body is not valid UTF-8.") from None
    except (ValueError, RecursionError) as exc:
        raise InvalidJson(f"The request body is not valid JSON: {exc}.") from None
    if not isinstance(data, dict):
        raise InvalidJson("The request body must be a JSON object.")
    return data
