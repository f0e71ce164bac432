"""The forkserver's preload: every module it names imports, and the warm-up renders."""

from __future__ import annotations

import importlib

from pdflet.services import rendering, worker_preload


def test_every_preloaded_module_imports():
    for name in rendering.PRELOAD:
        assert importlib.import_module(name)


def test_the_warm_up_renders_with_the_built_in_renderer():
    assert worker_preload.warm() is True
