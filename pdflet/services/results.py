"""The result store: where finished PDFs (and the requests waiting to be rendered) live.

One small interface so a second backend (object storage) can follow; the default is a
directory, ``PDFLET_RESULTS_DIR``, which instances on several machines share as a volume.
Writes go to a temporary file renamed into place, so a reader (or a crash) never sees half
a PDF, and a job rendered twice after a crash simply replaces its result. Files are not
fsync'd, matching the database's ``synchronous=normal``: a killed process loses nothing
(the page cache survives it); a power cut may lose the last moments, as in the database.
An fsync per file cost ~13 ms a job here, most of the queue's own cost.
"""

from __future__ import annotations

import os
import re
import threading
from pathlib import Path
from typing import Protocol

_NAME = re.compile(r"^[a-z]+_[a-z0-9]{24}(\.[a-z]+)?$")


class ResultStore(Protocol):
    def put(self, name: str, data: bytes) -> None: ...
    def put_new(self, name: str, data: bytes) -> None: ...
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
        # a name no other writer uses (process and thread), cheaper than mkstemp's random tries
        tmp = self.root / f".tmp-{os.getpid()}-{threading.get_ident()}-{name}"
        try:
            with open(tmp, "wb") as handle:
                handle.write(data)
            os.replace(tmp, path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise

    def put_new(self, name: str, data: bytes) -> None:
        """Write a file nobody reads before it is complete (a job's request): no rename needed."""
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self._path(name), "wb") as handle:
            handle.write(data)

    def get(self, name: str) -> bytes | None:
        try:
            return self._path(name).read_bytes()
        except FileNotFoundError:
            return None

    def delete(self, name: str) -> None:
        self._path(name).unlink(missing_ok=True)


def make_result_store(results_dir: Path) -> ResultStore:
    return DirectoryResultStore(results_dir)
