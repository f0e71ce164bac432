"""The result store: where finished PDFs (and the requests waiting to be rendered) live.

One small interface so a second backend (object storage) can follow; the default is a
directory, ``PDFLET_RESULTS_DIR``, which instances on several machines share as a volume.
A PDF is written straight under its own name when the name is new (``O_EXCL``): nobody reads
it before the job's row says the job succeeded, which happens after the write. Where the
name exists already — a job run again after a crash, whose first run may have left half a
file — the PDF goes to a temporary file renamed into place, so a reader never sees half a
PDF and the rerun simply replaces the result. (A rename on every write cost ~50 µs a job.)
Files are not fsync'd, matching the database's ``synchronous=normal``: a killed process
loses nothing (the page cache survives it); a power cut may lose the last moments, as in the
database. An fsync per file cost ~13 ms a job here, most of the queue's own cost.
"""

from __future__ import annotations

import contextlib
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
    """Files in one directory, named by job (``job_….pdf``, and ``job_….request`` for big requests)."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self._dir = str(self.root)
        self._made = False  # the directory exists (made once, not looked at on every write)

    def _path(self, name: str) -> str:
        if not _NAME.match(name):  # names are ours, but never let one reach outside the directory
            raise ValueError(f"not a result name: {name!r}")
        return os.path.join(self._dir, name)

    def _create(self, path: str, exclusive: bool) -> int:
        flags = os.O_WRONLY | os.O_CREAT | os.O_CLOEXEC | (os.O_EXCL if exclusive else os.O_TRUNC)
        if not self._made:
            self.root.mkdir(parents=True, exist_ok=True)
            self._made = True
        try:
            return os.open(path, flags, 0o666)
        except FileNotFoundError:  # the directory was removed while we ran: make it again
            self.root.mkdir(parents=True, exist_ok=True)
            return os.open(path, flags, 0o666)

    def put(self, name: str, data: bytes) -> None:
        path = self._path(name)
        try:
            fd = self._create(path, exclusive=True)
        except FileExistsError:
            self._replace(path, name, data)
            return
        try:
            _write_all(fd, data)
        except BaseException:
            os.close(fd)
            os.unlink(path)
            raise
        os.close(fd)

    def _replace(self, path: str, name: str, data: bytes) -> None:
        # a name no other writer uses (process and thread), cheaper than mkstemp's random tries
        tmp = os.path.join(self._dir, f".tmp-{os.getpid()}-{threading.get_ident()}-{name}")
        fd = self._create(tmp, exclusive=False)
        try:
            try:
                _write_all(fd, data)
            finally:
                os.close(fd)
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
            raise

    def put_new(self, name: str, data: bytes) -> None:
        """Write a file nobody reads before it is complete (a job's request): no rename needed."""
        fd = self._create(self._path(name), exclusive=False)
        try:
            _write_all(fd, data)
        finally:
            os.close(fd)

    def get(self, name: str) -> bytes | None:
        try:
            with open(self._path(name), "rb") as handle:
                return handle.read()
        except FileNotFoundError:
            return None

    def delete(self, name: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self._path(name))


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def make_result_store(results_dir: Path) -> ResultStore:
    return DirectoryResultStore(results_dir)
