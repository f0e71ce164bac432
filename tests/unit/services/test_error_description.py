"""services/error_description.py: one mapping from exceptions to the contract's status, {detail, code} and headers."""

from __future__ import annotations

import peewee
import tornado.web

from pdflet.errors import InvalidRequest, RenderTimeout, Throttled
from pdflet.services.error_description import describe_error


def test_our_errors_describe_themselves_with_their_headers():
    error = describe_error(Throttled("Slow down.", retry_after=7))
    assert (error.status, error.as_dict(), error.headers["Retry-After"]) == (
        429, {"detail": "Slow down.", "code": "throttled"}, "7")
    assert describe_error(InvalidRequest("Bad.")).as_dict() == {"detail": "Bad.", "code": "invalid_request"}
    assert describe_error(RenderTimeout()).status == 504


def test_framework_client_errors_keep_their_message_but_404_and_405_do_not_echo_it():
    error = describe_error(tornado.web.HTTPError(400, "Missing argument email"))
    assert (error.status, error.detail, error.code, error.specific) == (
        400, "Missing argument email", "invalid_request", True)
    error = describe_error(tornado.web.HTTPError(404, "/secret/path"))
    assert (error.detail, error.code, error.specific) == ("Not Found.", "not_found", False)
    error = describe_error(tornado.web.HTTPError(405, "/x"), method="PATCH")
    assert (error.detail, error.code) == ("Method PATCH is not allowed here.", "method_not_allowed")
    assert describe_error(tornado.web.HTTPError(403)).specific is False


def test_a_lost_database_is_a_503_to_retry_and_anything_else_a_500_that_tells_nothing():
    error = describe_error(peewee.OperationalError("disk I/O error at /var/lib/x"))
    assert (error.status, error.code, error.headers) == (503, "unavailable", {"Retry-After": "5"})
    assert "disk" not in error.detail
    for exc in (ValueError("secret internals"), tornado.web.HTTPError(502, "upstream")):
        error = describe_error(exc)
        assert (error.status, error.as_dict()) == (500, {"detail": "Internal server error.", "code": "internal_error"})


def test_an_error_status_without_an_exception_keeps_a_client_status():
    assert describe_error(None, status_code=400).as_dict() == {"detail": "Bad Request.", "code": "invalid_request"}
    assert describe_error(None, status_code=500).status == 500
