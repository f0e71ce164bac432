"""The OpenAPI paths of jobs (merged into the document by :mod:`pdflet.web.openapi`)."""

from __future__ import annotations

from typing import Any

JSON = "application/json"
SECURITY = [{"ApiKey": []}, {"Bearer": []}]
JOB_ID = {"name": "id", "in": "path", "required": True,
          "schema": {"type": "string", "pattern": "^job_[a-z0-9]{24}$"}}
IDEMPOTENCY = {"name": "Idempotency-Key", "in": "header", "required": False,
               "schema": {"type": "string", "minLength": 1, "maxLength": 255},
               "description": "Same key and body within 24 h: the first response; another body: 422."}


def _error(description: str) -> dict[str, Any]:
    return {"description": description, "content": {JSON: {"schema": {"$ref": "#/components/schemas/Error"}}}}


def _json(description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": description, "content": {JSON: {"schema": schema}}}


JOB = {"type": "object", "properties": {
    "id": {"type": "string"}, "status": {"enum": ["queued", "running", "succeeded", "failed"]},
    "created_at": {"type": "string"}, "pages": {"type": ["integer", "null"]},
    "bytes": {"type": ["integer", "null"]}, "warnings": {"type": "array"},
    "error": {"type": ["object", "null"]}, "expires_at": {"type": ["string", "null"]},
    "links": {"type": "object", "properties": {"self": {"type": "string"}, "pdf": {"type": "string"}}},
}}
ERRORS = {"401": _error("Missing or invalid credentials"), "403": _error("The credential lacks the scope"),
          "404": _error("No such job (or another user's)")}


def job_paths() -> dict[str, Any]:
    body = {"allOf": [{"$ref": "#/components/schemas/RenderRequest"}],
            "description": "The body of POST /api/v1/pdf/, plus an optional 'webhook_url' (http or https)."}
    return {
        "/api/v1/pdf/jobs/": {
            "post": {
                "operationId": "createJob", "summary": "Render later; the result is kept for PDFLET_RESULT_TTL",
                "security": SECURITY, "parameters": [IDEMPOTENCY],
                "requestBody": {"required": True, "content": {
                    JSON: {"schema": body},
                    "multipart/form-data": {"schema": {"type": "object", "description": (
                        "As for /api/v1/pdf/ (index.html, assets, an options part), plus a webhook_url field.")}},
                }},
                "responses": {"202": _json("Queued (Location names the job)", JOB),
                              "400": _error("Invalid request or refused webhook_url"), **ERRORS,
                              "413": _error("Body or assets over their limits"),
                              "415": _error("Neither JSON nor multipart/form-data"),
                              "422": _error("Idempotency-Key reused with another body"),
                              "429": _error("Rate limited or too many queued jobs")},
            },
            "get": {
                "operationId": "listJobs", "summary": "The caller's jobs, newest first", "security": SECURITY,
                "parameters": [{"name": "cursor", "in": "query", "required": False, "schema": {"type": "string"}},
                               {"name": "limit", "in": "query", "required": False,
                                "schema": {"type": "integer", "minimum": 1, "maximum": 100}}],
                "responses": {"200": _json("Jobs", {"type": "object", "properties": {
                    "results": {"type": "array", "items": JOB}, "next_cursor": {"type": ["string", "null"]}}}),
                    "400": _error("Bad cursor or limit"), **ERRORS},
            },
        },
        "/api/v1/pdf/jobs/{id}/": {
            "get": {"operationId": "getJob", "summary": "A job, with its webhook deliveries",
                    "security": SECURITY, "parameters": [JOB_ID],
                    "responses": {"200": _json("Job", JOB), **ERRORS}},
            "delete": {"operationId": "deleteJob", "summary": "Cancel a queued job or delete a finished one's PDF",
                       "security": SECURITY, "parameters": [JOB_ID],
                       "responses": {"204": {"description": "Done"}, **ERRORS,
                                     "409": _error("The job is running")}},
        },
        "/api/v1/pdf/jobs/{id}/pdf": {"get": {
            "operationId": "getJobPdf", "summary": "The job's PDF", "security": SECURITY, "parameters": [JOB_ID],
            "responses": {"200": {"description": "The PDF", "content": {
                "application/pdf": {"schema": {"type": "string", "format": "binary"}}}}, **ERRORS,
                "409": _error("Not finished, or failed"), "410": _error("Expired or deleted")},
        }},
    }
