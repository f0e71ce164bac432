"""A render worker retires before its next task once a render ran out of memory or it stayed large."""

from __future__ import annotations

import pytest

from pdflet.errors import RenderFailed
from pdflet.services import worker


@pytest.fixture
def state():
    saved = dict(worker._STATE)
    yield worker._STATE
    worker._STATE.clear()
    worker._STATE.update(saved)


def test_a_wrapped_memory_error_marks_the_worker_for_retirement(state):
    state["memory_limit"] = 1 << 40
    try:
        try:
            raise MemoryError
        except MemoryError:
            raise RenderFailed("the document needs more memory") from None
    except RenderFailed as exc:
        assert worker._ran_out_of_memory(exc)
    assert not worker._ran_out_of_memory(ValueError("x"))
    state["out_of_memory"] = True
    assert worker.should_retire()
    assert not worker.should_retire()  # the flag is for one retirement


def test_a_worker_above_half_its_cap_retires(state):
    assert worker.address_space() > 0
    state["memory_limit"] = worker.address_space()  # as if the cap were what it uses now
    assert worker.should_retire()
    state["memory_limit"] = worker.address_space() * 4
    assert not worker.should_retire()
    state["memory_limit"] = 0  # no cap: never for size
    assert not worker.should_retire()


def test_a_non_pdflet_failure_is_answered_as_a_picklable_render_failed(state, monkeypatch):
    def boom(request):
        raise KeyError("odd")

    monkeypatch.setattr(worker, "render", boom)
    status, value = worker._outcome(None)
    assert status == "error" and isinstance(value, RenderFailed) and "KeyError" in value.detail
