"""The declarations of the jobs routes (:mod:`pdflet.web.api_jobs` uses them; see :mod:`pdflet.web.declare`)."""

from __future__ import annotations

from typing import Any

from pdflet.web.declare import IDEMPOTENCY, JOB_ID, JSON, PDF, Operation, ref

SCOPE = "pdf:create"


def _error(description: str) -> dict[str, Any]:
    return {"description": description, "content": {JSON: {"schema": ref("Error")}}}


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
JOB_BODY = {"allOf": [ref("RenderRequest")],
            "description": "The body of POST /api/v1/pdf/, plus an optional 'webhook_url' (http or https)."}

CREATE_JOB = Operation(
    "createJob", "Render later; the result is kept for PDFLET_RESULT_TTL", SCOPE, parameters=(IDEMPOTENCY,),
    forms={JSON: {"schema": JOB_BODY}, "multipart/form-data": {"schema": {"type": "object", "description": (
        "As for /api/v1/pdf/ (index.html, assets, an options part), plus a webhook_url field.")}}},
    responses={"202": _json("Queued (Location names the job)", JOB),
               "400": _error("Invalid request or refused webhook_url"), **ERRORS,
               "413": _error("Body or assets over their limits"),
               "415": _error("Neither JSON nor multipart/form-data"),
               "422": _error("Idempotency-Key reused with another body"),
               "429": _error("Rate limited or too many queued jobs")},
)
LIST_JOBS = Operation(
    "listJobs", "The caller's jobs, newest first", SCOPE,
    parameters=({"name": "cursor", "in": "query", "required": False, "schema": {"type": "string"}},
                {"name": "limit", "in": "query", "required": False,
                 "schema": {"type": "integer", "minimum": 1, "maximum": 100}}),
    responses={"200": _json("Jobs", {"type": "object", "properties": {
        "results": {"type": "array", "items": JOB}, "next_cursor": {"type": ["string", "null"]}}}),
        "400": _error("Bad cursor or limit"), **ERRORS},
)
GET_JOB = Operation("getJob", "A job, with its webhook deliveries", SCOPE, parameters=(JOB_ID,),
                    responses={"200": _json("Job", JOB), **ERRORS})
DELETE_JOB = Operation("deleteJob", "Cancel a queued job or delete a finished one's PDF", SCOPE,
                       parameters=(JOB_ID,),
                       responses={"204": {"description": "Done"}, **ERRORS, "409": _error("The job is running")})
GET_JOB_PDF = Operation(
    "getJobPdf", "The job's PDF", SCOPE, parameters=(JOB_ID,),
    responses={"200": {"description": "The PDF", "content": PDF}, **ERRORS,
               "409": _error("Not finished, or failed"), "410": _error("Expired or deleted")},
)
