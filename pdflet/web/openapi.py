"""The OpenAPI 3.1 description of the JSON API, written from the routes' own declarations.

Each handler declares its operations (:mod:`pdflet.web.declare`); this module walks the
application's route table and writes them out, with the component schemas of
:mod:`pdflet.web.api_schemas` (plugin-declared fields included at run time). A route
without a declaration is not described, and ``tests/unit/web/test_openapi.py`` fails.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import tornado.routing
import tornado.web

from pdflet import __version__
from pdflet.plugins import collect_request_fields
from pdflet.web.api_schemas import component_schemas
from pdflet.web.declare import KEY_SECURITY, Operation

_GROUP = re.compile(r"\([^)]*\)")
Route = tuple[str, type[tornado.web.RequestHandler]]


def route_table(application: tornado.web.Application) -> list[Route]:
    """The application's (pattern, handler) pairs, in routing order."""
    table = []
    for rule in application.wildcard_router.rules:
        matcher, target = rule.matcher, rule.target
        if isinstance(matcher, tornado.routing.PathMatches) and isinstance(target, type):
            table.append((matcher.regex.pattern.removesuffix("$"), target))
    return table


def path_params(operations: Iterable[Operation]) -> list[str]:
    """The names of a route's path parameters, in the order of its pattern's groups."""
    for operation in operations:
        names = [p["name"] for p in operation.parameters if p.get("in") == "path"]
        if names:
            return names
    return []


def openapi_path(pattern: str, operations: dict[str, Operation]) -> str:
    """``/api/v1/keys/([^/]+)/rotate/?`` as ``/api/v1/keys/{id}/rotate/``."""
    names = iter(path_params(operations.values()))
    path = _GROUP.sub(lambda _m: "{" + next(names, "param") + "}", pattern)
    if path.endswith("/?"):
        path = path[:-1]
    return path.replace("\\", "")


def paths_of(routes: Iterable[Route]) -> dict[str, Any]:
    """Every declared operation of ``routes``, by OpenAPI path and lower-case method."""
    paths: dict[str, Any] = {}
    for pattern, handler in routes:
        operations = getattr(handler, "operations", None)
        if operations:
            item = paths.setdefault(openapi_path(pattern, operations), {})
            item.update({method.lower(): op.openapi() for method, op in operations.items()})
    return paths


def body_schemas(routes: Iterable[Route]) -> dict[str, Any]:
    """The named request bodies of the declarations, for the components."""
    return {op.body_name: op.body for _p, handler in routes
            for op in getattr(handler, "operations", {}).values() if op.body_name and op.body is not None}


def build_openapi(ctx: Any, routes: list[Route]) -> dict[str, Any]:
    """The document served at ``/api/v1/openapi.json`` for ``routes`` (see :func:`route_table`)."""
    plugin_fields, plugin_options, html_sources = collect_request_fields(ctx.pm)
    schemas = component_schemas(plugin_fields, plugin_options, html_sources, sorted(ctx.renderers))
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "pdflet",
            "version": __version__,
            "description": "HTML to PDF without a browser. Errors are always {detail, code} with X-Request-Id.",
        },
        "servers": [{"url": "/"}],
        "security": KEY_SECURITY,
        "paths": paths_of(routes),
        "components": {
            "schemas": {**schemas, **body_schemas(routes)},
            "securitySchemes": {
                "ApiKey": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
                "Bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"},
            },
            "headers": {"X-Request-Id": {"schema": {"type": "string"}, "description": "Correlates logs"}},
        },
    }
