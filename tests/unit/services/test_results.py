"""services/results.py: the result store keeps names inside its directory."""

from __future__ import annotations

import pytest

from pdflet.services.results import DirectoryResultStore


def test_the_result_store_keeps_names_inside_its_directory(tmp_path):
    store = DirectoryResultStore(tmp_path / "results")
    store.put("job_" + "a" * 24 + ".pdf", b"%PDF")
    assert store.get("job_" + "a" * 24 + ".pdf") == b"%PDF"
    assert store.get("job_" + "b" * 24 + ".pdf") is None
    for bad in ("../secret_key", "job_x.pdf", "/etc/passwd", "job_" + "a" * 24 + "/../x"):
        with pytest.raises(ValueError):
            store.put(bad, b"x")
    store.delete("job_" + "a" * 24 + ".pdf")
    assert list((tmp_path / "results").iterdir()) == []


def test_a_result_written_again_replaces_the_first_whole(tmp_path):
    """A job run again after a crash finds its first run's (maybe half-written) PDF and replaces it."""
    store = DirectoryResultStore(tmp_path / "results")
    name = "job_" + "c" * 24 + ".pdf"
    store.put(name, b"%PDF-half")
    store.put(name, b"%PDF-whole")
    assert store.get(name) == b"%PDF-whole"
    assert [p.name for p in (tmp_path / "results").iterdir()] == [name]  # no temporary file left


def test_the_result_directory_is_made_again_when_removed(tmp_path):
    import shutil

    store = DirectoryResultStore(tmp_path / "results")
    store.put("job_" + "d" * 24 + ".pdf", b"%PDF")
    shutil.rmtree(tmp_path / "results")
    store.put("job_" + "e" * 24 + ".pdf", b"%PDF-2")
    store.put_new("job_" + "e" * 24 + ".request", b"r")
    assert store.get("job_" + "e" * 24 + ".pdf") == b"%PDF-2"
