import pickle

import pytest

from pdflet import errors


@pytest.mark.parametrize(("cls", "status", "code"), [
    (errors.InvalidJson, 400, "invalid_json"), (errors.InvalidRequest, 400, "invalid_request"),
    (errors.NotAuthenticated, 401, "not_authenticated"), (errors.AuthenticationFailed, 401, "authentication_failed"),
    (errors.TokenNotValid, 401, "token_not_valid"), (errors.PermissionDenied, 403, "permission_denied"),
    (errors.NotFound, 404, "not_found"), (errors.PayloadTooLarge, 413, "payload_too_large"),
    (errors.UnsupportedMediaType, 415, "unsupported_media_type"), (errors.RenderFailed, 422, "render_failed"),
    (errors.Throttled, 429, "throttled"), (errors.Busy, 503, "busy"), (errors.RenderTimeout, 504, "render_timeout"),
])
def test_contract_codes(cls, status, code):
    exc = cls("why")
    assert (exc.status, exc.code, exc.as_dict()) == (status, code, {"detail": "why", "code": code})


def test_errors_survive_the_trip_from_a_worker():
    exc = pickle.loads(pickle.dumps(errors.RenderFailed("bad table")))
    assert isinstance(exc, errors.RenderFailed) and exc.detail == "bad table"
    busy = pickle.loads(pickle.dumps(errors.Busy(retry_after=7)))
    assert busy.headers["Retry-After"] == "7"
