"""services/job_requests.py: a job's request round-trips, and nothing but a request is ever built from it."""

from __future__ import annotations

import os
import pickle

import pytest

from pdflet.renderers.options import PageOptions
from pdflet.renderers.pagepost import PrintAdjust
from pdflet.request import RenderRequest
from pdflet.services import job_requests


def test_a_request_with_every_part_round_trips():
    request = RenderRequest(html="<p>x</p>", css="p{color:red}", renderer="default", filename="a.pdf",
                            options=PageOptions(page_size=(100.0, 200.0), margin=(1, 2, 3, 4), title="T"),
                            plugin_fields={"x": [1, {"y": None}], "z": 1.5}, plugin_options={"o": True},
                            assets={"fonts/a.woff2": b"\0\1"},
                            print_adjust=PrintAdjust(((1, 2),), 0.5, True, {"/A": "b"}),
                            markdown_template=True)
    assert job_requests.load(job_requests.dump(request)) == request


class _Payload:
    def __init__(self, path: str) -> None:
        self.path = path

    def __reduce__(self):
        return (os.mkdir, (self.path,))


def test_a_stored_pickle_that_is_not_a_request_builds_nothing(tmp_path):
    marker = tmp_path / "ran"
    with pytest.raises(pickle.UnpicklingError):
        job_requests.load(pickle.dumps(_Payload(str(marker))))
    assert not marker.exists()  # the payload's call was refused, not made
    with pytest.raises(pickle.UnpicklingError):
        job_requests.load(pickle.dumps({"html": "<p>x</p>"}))  # harmless, but not a request
