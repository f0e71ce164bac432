"""Building the plugin manager, and the small queries every caller of it needs.

There is no global manager: the CLI, each web process and each render worker build
their own with :func:`make_plugin_manager`, so tests can register test-only plugins
without leaking into each other.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass

import pluggy

from pdflet import hookspecs
from pdflet.config import Settings
from pdflet.errors import InvalidRequest
from pdflet.renderers.base import Renderer
from pdflet.request import RequestFields

log = logging.getLogger(__name__)

BUILTIN_PLUGINS: tuple[str, ...] = ("pdflet.renderers.reportlab.plugin", "pdflet.fetch.plugin")
DEFAULT_RENDERER = "reportlab"


@dataclass(frozen=True)
class PluginInfo:
    """A registered plugin as listed by ``pdflet renderers`` and the admin."""

    name: str
    version: str
    builtin: bool


def make_plugin_manager(
    settings: Settings | None = None,
    load_entrypoints: bool = True,
    extra_plugins: Iterable[object] = (),
) -> pluggy.PluginManager:
    """Register the built-in plugins, then installed ones, then ``extra_plugins``.

    ``settings.plugin_modules`` (``PDFLET_PLUGIN_MODULES``) registers importable modules
    without packaging them, for an operator's in-house plugin.
    ``settings.plugins`` (``PDFLET_PLUGINS``) is an allow-list of installed (entry-point)
    plugins by entry-point name, e.g. ``pdflet-markdown``; built-ins stay. ``settings.disable_plugins``
    (``PDFLET_DISABLE_PLUGINS``) is a block-list that applies to everything, built-ins and
    ``PDFLET_PLUGIN_MODULES`` by their module name. A name in either list that matches no
    plugin is logged, since it is most likely a typo. ``check_pending`` makes a misspelled
    hook fail at start instead of being silently ignored.
    """
    settings = settings or Settings()
    pm = pluggy.PluginManager(hookspecs.PROJECT)
    pm.add_hookspecs(hookspecs)
    allowed = set(settings.plugins) if settings.plugins is not None else None
    blocked = set(settings.disable_plugins)
    for module_name in BUILTIN_PLUGINS:
        if module_name in blocked:
            continue
        module = importlib.import_module(module_name)
        factory = getattr(module, "plugin_for", None)  # a built-in that needs the settings
        pm.register(factory(settings) if factory else module, name=module_name)
    installed = _entrypoint_names() if load_entrypoints else []
    for dist_name in installed:
        if dist_name in blocked or (allowed is not None and dist_name not in allowed):
            pm.set_blocked(dist_name)
    if load_entrypoints:
        pm.load_setuptools_entrypoints(hookspecs.PROJECT)
        known = {*BUILTIN_PLUGINS, *installed, *settings.plugin_modules}
        for name in sorted((allowed or set()) - set(installed)) + sorted(blocked - known):
            log.warning("PDFLET_PLUGINS / PDFLET_DISABLE_PLUGINS name %r matches no plugin", name)
    for module_name in settings.plugin_modules:
        if module_name not in blocked and pm.get_plugin(module_name) is None:
            pm.register(importlib.import_module(module_name), name=module_name)
    for plugin in extra_plugins:
        pm.register(plugin)
    pm.check_pending()
    return pm


def _entrypoint_names() -> list[str]:
    from importlib.metadata import entry_points

    return [ep.name for ep in entry_points(group=hookspecs.PROJECT)]


def list_plugins(pm: pluggy.PluginManager) -> list[PluginInfo]:
    """Every registered plugin with its distribution version (``builtin`` for ours)."""
    from pdflet import __version__

    dist_of = {id(plugin): dist for plugin, dist in pm.list_plugin_distinfo()}
    infos = []
    for name, plugin in pm.list_name_plugin():
        if plugin is None:
            continue
        dist = dist_of.get(id(plugin))
        if dist is not None:
            infos.append(PluginInfo(name, dist.version, False))
        else:
            infos.append(PluginInfo(name, __version__, name in BUILTIN_PLUGINS))
    return infos


def collect_renderers(pm: pluggy.PluginManager) -> dict[str, Renderer]:
    """Renderers by name; the first registered with a name wins."""
    found: dict[str, Renderer] = {}
    for batch in reversed(pm.hook.pdflet_register_renderers()):
        for renderer in batch or ():
            if renderer.name in found:
                log.warning("renderer %r registered twice; keeping the first", renderer.name)
                continue
            found[renderer.name] = renderer
    return found


def pick_renderer(renderers: dict[str, Renderer], name: str | None) -> Renderer:
    """The renderer a request asked for (the default when ``name`` is None), or a 400 listing them."""
    wanted = name or DEFAULT_RENDERER
    if wanted in renderers:
        return renderers[wanted]
    if name is None and renderers:
        return next(iter(renderers.values()))
    available = ", ".join(sorted(renderers)) or "none"
    raise InvalidRequest(f"Unknown renderer {wanted!r}. Available: {available}.")


def collect_request_fields(pm: pluggy.PluginManager) -> tuple[dict[str, str], dict[str, str], set[str]]:
    """Plugin fields and options, each mapped to its plugin's name, plus the html sources."""
    fields: dict[str, str] = {}
    options: dict[str, str] = {}
    html_sources: set[str] = set()
    for impl in pm.hook.pdflet_request_fields.get_hookimpls():
        declared: RequestFields | None = impl.function()
        if declared is None:
            continue
        fields.update(dict.fromkeys(declared.fields, impl.plugin_name))
        options.update(dict.fromkeys(declared.options, impl.plugin_name))
        html_sources.update(declared.html_sources)
    return fields, options, html_sources
