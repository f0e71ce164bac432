"""The result store: where finished PDFs (and the requests waiting to be rendered) live.

One small interface so a second backend (object storage) can follow; the default is a
directory, ``PDFLET_RESULTS_DIR``, which instances on several machines share as a volume.
Writes go to a temporary file renamed into place, so a reader (or a crash) never sees half
a PDF, and a job rendered twice after a crash simply replaces its result.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from typing import Protocol

_NAME = re.compile(r"^[a-z]+_[a-z0-9]{24}(\.[a-z]+)?$")


class ResultStore(Protocol):
    def put(self, name: str, data: bytes) -> None: ...
    def get(self, name: str) -> bytes | None: ...
    def delete(self, name: str) -> None: ...


class DirectoryResultStore:
    """Files in one directory, named by job (``job_….pdf``, ``job_….request``)."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def _path(self, name: str) -> Path:
        if not _NAME.match(name):  # names are ours, but never let one reach outside the directory
            raise ValueError(f"not a result name: {name!r}")
        return self.root / name

    def put(self, name: str, data: bytes) -> None:
        path = self._path(name)
        self.root.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.root, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def get(self, name: str) -> bytes | None:
        try:
            return self._path(name).read_bytes()
        except FileNotFoundError:
            return None

    def delete(self, name: str) -> None:
        self._path(name).unlink(missing_ok=True)


def make_result_store(results_dir: Path) -> ResultStore:
    return DirectoryResultStore(results_dir)
