"""A JSON body checked against its operation's declared schema (:class:`pdflet.web.declare.Operation`).

The check is the schema itself (JSON Schema 2020-12 through ``jsonschema``), so the OpenAPI
document cannot promise what the handler does not enforce. Validators are built once per
schema; a refusal names the first failing field without echoing long values back.
"""

from __future__ import annotations

from typing import Any

import jsonschema
from jsonschema.exceptions import best_match

from pdflet.errors import InvalidRequest

MAX_DETAIL = 200
_VALIDATORS: dict[int, tuple[dict[str, Any], jsonschema.protocols.Validator]] = {}


def validator_for(schema: dict[str, Any]) -> jsonschema.protocols.Validator:
    """The compiled validator of a declared schema (declarations live as long as the process)."""
    cached = _VALIDATORS.get(id(schema))
    if cached is None or cached[0] is not schema:
        cached = _VALIDATORS[id(schema)] = (schema, jsonschema.Draft202012Validator(schema))
    return cached[1]


def check_body(body: dict[str, Any], schema: dict[str, Any]) -> None:
    """Raise :class:`InvalidRequest` (400) naming the first way ``body`` breaks ``schema``."""
    failure = best_match(validator_for(schema).iter_errors(body))
    if failure is None:
        return
    where = ".".join(str(part) for part in failure.absolute_path)
    message = failure.message if len(failure.message) <= MAX_DETAIL else failure.message[:MAX_DETAIL] + "…"
    raise InvalidRequest(f"{where}: {message}" if where else message)
