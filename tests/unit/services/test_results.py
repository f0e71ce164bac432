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
