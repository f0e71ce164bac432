"""A queued job's validated request, kept until the job has finished: in its row, or in the result store.

The request is pickled (a :class:`~pdflet.request.RenderRequest` with its options, assets and
plugins' fields). A small one — nearly all of them — goes into the job row itself: the
INSERT that records the job carries it, the claim's ``UPDATE … RETURNING`` hands it back
and the final UPDATE clears it, so it costs no file. Creating a file was the largest part of
the queue's own cost per job (an inode allocation, 0.3 to 1 ms of CPU on ext4 here, against
~10 µs for the row's few hundred bytes). A request over :data:`INLINE_MAX` (large assets)
still goes to the result store, which is built for big files.

Reading one back uses an unpickler that builds only the request's own classes: a request is
read from the database or a shared volume, and neither should be able to make a consumer run
code even if someone could write there.
"""

from __future__ import annotations

import io
import pickle
from typing import Any

from pdflet.request import RenderRequest

INLINE_MAX = 64 * 1024  # bytes of pickled request kept in the job row; larger ones go to the result store

_ALLOWED = {
    ("pdflet.request", "RenderRequest"),
    ("pdflet.renderers.options", "PageOptions"),
    ("pdflet.renderers.pagepost", "PrintAdjust"),
}


class _RequestUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in _ALLOWED:
            raise pickle.UnpicklingError(f"a job request may not hold {module}.{name}")
        return super().find_class(module, name)


def dump(request: RenderRequest) -> bytes:
    return pickle.dumps(request, protocol=pickle.HIGHEST_PROTOCOL)


def load(data: bytes) -> RenderRequest:
    """The request ``dump`` wrote; raises ``pickle.UnpicklingError`` for anything else."""
    request = _RequestUnpickler(io.BytesIO(data)).load()
    if not isinstance(request, RenderRequest):
        raise pickle.UnpicklingError("not a job request")
    return request
