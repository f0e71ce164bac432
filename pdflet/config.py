"""Settings: the one place pdflet reads its environment.

Everything configurable is a field of the frozen :class:`Settings`, filled by
:meth:`Settings.from_env` from ``PDFLET_*`` variables (and overridden by CLI flags).
No other module reads ``os.environ``, so a test or an embedding program can build a
``Settings`` by hand and know exactly what the service will do.
"""

from __future__ import annotations

import dataclasses
import os
import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MIB = 1024 * 1024
_ORIGIN = re.compile(r"^https?://[a-z0-9.\-\[\]:]+$")


class SettingsError(ValueError):
    """A ``PDFLET_*`` variable holds a value pdflet cannot use."""


def _number(env: Mapping[str, str], name: str, parse: Callable[[str], Any], what: str) -> Any:
    """The variable read by ``parse`` (``int`` or ``float``), or None when it is unset or blank."""
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return None
    try:
        return parse(raw)
    except ValueError:
        raise SettingsError(f"{name} must be {what}, not {raw!r}") from None


def _int(env: Mapping[str, str], name: str, default: int, minimum: int = 0) -> int:
    value = _number(env, name, int, "a whole number")
    if value is None:
        return default
    if value < minimum:
        raise SettingsError(f"{name} must be at least {minimum}, not {value}")
    return value


def _float(env: Mapping[str, str], name: str, default: float) -> float:
    value = _number(env, name, float, "a number")
    if value is None:
        return default
    if not value > 0 or value == float("inf"):
        raise SettingsError(f"{name} must be a positive number, not {env[name]!r}")
    return value


def _choice(env: Mapping[str, str], name: str, choices: tuple[str, ...], default: str) -> str:
    raw = (env.get(name) or "").strip().lower()
    if not raw:
        return default
    if raw not in choices:
        raise SettingsError(f"{name} must be one of {', '.join(choices)}, not {raw!r}")
    return raw


def _list(env: Mapping[str, str], name: str) -> tuple[str, ...] | None:
    raw = env.get(name)
    if raw is None:
        return None
    return tuple(part.strip() for part in raw.split(",") if part.strip())


def _origins(env: Mapping[str, str], name: str) -> tuple[str, ...]:
    """Exact browser origins (``https://app.example.com``), or ``*`` alone; a path or a typo is refused."""
    parts = re.split(r"[\s,]+", env.get(name) or "")
    values = tuple(part.rstrip("/").lower() for part in parts if part)
    for value in values:
        if value != "*" and not _ORIGIN.match(value):
            raise SettingsError(f"{name}: {value!r} is not an origin like https://app.example.com")
    if "*" in values and len(values) > 1:
        raise SettingsError(f"{name}: '*' allows every origin and cannot be combined with others")
    return values


def _find_shared_dir(name: str) -> Path:
    """Locate ``templates/`` or ``static/``: the source tree first, then the installed data files."""
    source = Path(__file__).resolve().parent.parent / name
    if source.is_dir():
        return source
    return Path(sys.prefix) / "share" / "pdflet" / name


@dataclass(frozen=True)
class Settings:
    """Everything an operator can set, with the defaults of API.md."""

    data_dir: Path = Path(".pdflet")
    database_url: str = ""
    secret_key: str | None = None
    host: str = "127.0.0.1"
    port: int = 8000
    max_body_bytes: int = 10 * MIB
    max_assets_bytes: int = 50 * MIB  # a request's assets (fonts, images, sheets), apart from max_body_bytes
    render_timeout: float = 30.0
    render_workers: int = field(default_factory=lambda: os.cpu_count() or 1)
    render_queue_size: int = 0
    render_max_tasks: int = 5000
    render_memory_mb: int = 1024
    max_concurrent_per_key: int = 0  # 0: a fair share, max(1, render_workers // 2)
    fair_nice: int = 10  # nice value of renders of a tenant over its share while others render; 0 = off
    max_pages: int = 0  # 0: no limit; otherwise a longer document is a 422
    rate_limit_per_minute: int = 600
    redis_url: str | None = None
    processes: int = 1
    shutdown_timeout: float = 0.0  # 0: render_timeout + 5 s, time for a render in flight to finish
    plugins: tuple[str, ...] | None = None
    disable_plugins: tuple[str, ...] = ()
    plugin_modules: tuple[str, ...] = ()
    access_token_seconds: int = 300
    refresh_token_seconds: int = 86400
    login_failures_allowed: int = 5
    login_ip_failures_allowed: int = 20
    login_window_seconds: int = 300
    key_touch_seconds: int = 60
    rotation_grace_hours: int = 24
    key_max_age_days: int = 90
    templates_dir: Path = field(default_factory=lambda: _find_shared_dir("templates"))
    static_dir: Path = field(default_factory=lambda: _find_shared_dir("static"))
    debug: bool = False
    fetch_allow: tuple[str, ...] = ()  # URL prefixes remote resources may come from; empty: none
    fetch_max_bytes: int = 10 * MIB  # one remote resource
    fetch_total_bytes: int = 50 * MIB  # all remote resources of one render
    fetch_time_budget: float = 10.0  # seconds of fetching per render, at most half the render timeout
    fetch_cache_bytes: int = 32 * MIB  # in-memory response cache per render worker
    fetch_cache_dir: Path | None = None  # optional disk cache shared by workers
    fetch_cache_disk_bytes: int = 256 * MIB
    cors_origins: tuple[str, ...] = ()  # exact origins allowed to call /api/v1/ from a browser, or ("*",)
    max_connections: int = 1000  # per web process; lowered to fit the descriptor limit
    idle_timeout: float = 60.0  # seconds a connection may wait for (the rest of) a request's headers
    body_timeout: float = 60.0  # seconds a request may take to send its whole body
    metrics_token: str | None = None  # set: /metrics needs "Authorization: Bearer <token>"
    metrics_port: int = 0  # set: /metrics is served on this port (same host) instead of the main one
    # Jobs and webhooks (API.md "Jobs and webhooks")
    results_dir: Path | None = None  # None: <data dir>/results
    result_ttl: int = 86400
    job_workers: int = 1  # job consumer threads in `pdflet serve`; 0 = this instance does not run jobs
    max_queued_jobs: int = 1000  # per user; past it: 429
    job_priority: str = "idle"  # CPU priority of job renders: idle (SCHED_IDLE) | low (nice 19) | normal
    webhook_allow: tuple[str, ...] = ()
    webhook_timeout: float = 10.0
    webhook_backoff: float = 30.0  # seconds before the first retry; doubled per attempt, with jitter
    webhook_max_age: int = 86400  # retries stop this many seconds after the event

    def __post_init__(self) -> None:
        if not self.database_url:
            object.__setattr__(self, "database_url", f"sqlite:///{Path(self.data_dir) / 'pdflet.db'}")
        if self.render_queue_size <= 0:
            object.__setattr__(self, "render_queue_size", max(64, 32 * self.render_workers))
        if self.max_concurrent_per_key <= 0:
            object.__setattr__(self, "max_concurrent_per_key", max(1, self.render_workers // 2))
        if self.shutdown_timeout <= 0:
            object.__setattr__(self, "shutdown_timeout", self.render_timeout + 5.0)
        if self.results_dir is None:
            object.__setattr__(self, "results_dir", Path(self.data_dir) / "results")

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: object) -> Settings:
        """Build settings from ``PDFLET_*`` variables; ``overrides`` (CLI flags) win."""
        env = os.environ if env is None else env
        values: dict[str, object] = {
            "data_dir": Path(env.get("PDFLET_DATA_DIR") or ".pdflet"),
            "database_url": env.get("PDFLET_DATABASE_URL", ""),
            "secret_key": env.get("PDFLET_SECRET_KEY") or None,
            "host": env.get("PDFLET_HOST") or "127.0.0.1",
            "port": _int(env, "PDFLET_PORT", 8000),
            "max_body_bytes": _int(env, "PDFLET_MAX_BODY_BYTES", 10 * MIB, minimum=1),
            "max_assets_bytes": _int(env, "PDFLET_MAX_ASSETS_BYTES", 50 * MIB, minimum=0),
            "render_timeout": _float(env, "PDFLET_RENDER_TIMEOUT", 30.0),
            "render_workers": _int(env, "PDFLET_RENDER_WORKERS", os.cpu_count() or 1, minimum=1),
            "render_queue_size": _int(env, "PDFLET_RENDER_QUEUE_SIZE", 0),
            "render_max_tasks": _int(env, "PDFLET_RENDER_MAX_TASKS", 5000, minimum=1),
            "render_memory_mb": _int(env, "PDFLET_RENDER_MEMORY_MB", 1024),
            "max_concurrent_per_key": _int(env, "PDFLET_MAX_CONCURRENT_PER_KEY", 0),
            "fair_nice": min(19, _int(env, "PDFLET_FAIR_NICE", 10)),
            "max_pages": _int(env, "PDFLET_MAX_PAGES", 0),
            "rate_limit_per_minute": _int(env, "PDFLET_RATE_LIMIT_PER_MINUTE", 600),
            "redis_url": env.get("PDFLET_REDIS_URL") or None,
            "processes": _int(env, "PDFLET_PROCESSES", 1, minimum=1),
            "shutdown_timeout": _float(env, "PDFLET_SHUTDOWN_TIMEOUT", 0.0),
            "plugins": _list(env, "PDFLET_PLUGINS"),
            "disable_plugins": _list(env, "PDFLET_DISABLE_PLUGINS") or (),
            "plugin_modules": _list(env, "PDFLET_PLUGIN_MODULES") or (),
            "debug": env.get("PDFLET_DEBUG", "") in ("1", "true", "yes"),
            "fetch_allow": tuple(env.get("PDFLET_FETCH_ALLOW", "").split()),
            "fetch_max_bytes": _int(env, "PDFLET_FETCH_MAX_BYTES", 10 * MIB, minimum=1),
            "fetch_total_bytes": _int(env, "PDFLET_FETCH_TOTAL_BYTES", 50 * MIB, minimum=1),
            "fetch_time_budget": _float(env, "PDFLET_FETCH_TIME_BUDGET", 10.0),
            "fetch_cache_bytes": _int(env, "PDFLET_FETCH_CACHE_BYTES", 32 * MIB),
            "fetch_cache_dir": Path(env["PDFLET_FETCH_CACHE_DIR"]) if env.get("PDFLET_FETCH_CACHE_DIR") else None,
            "fetch_cache_disk_bytes": _int(env, "PDFLET_FETCH_CACHE_DISK_BYTES", 256 * MIB),
            "cors_origins": _origins(env, "PDFLET_CORS_ORIGINS"),
            "access_token_seconds": _int(env, "PDFLET_ACCESS_TOKEN_SECONDS", 300, minimum=1),
            "refresh_token_seconds": _int(env, "PDFLET_REFRESH_TOKEN_SECONDS", 86400, minimum=60),
            "max_connections": _int(env, "PDFLET_MAX_CONNECTIONS", 1000, minimum=1),
            "idle_timeout": _float(env, "PDFLET_IDLE_TIMEOUT", 60.0),
            "body_timeout": _float(env, "PDFLET_BODY_TIMEOUT", 60.0),
            "metrics_token": env.get("PDFLET_METRICS_TOKEN") or None,
            "metrics_port": _int(env, "PDFLET_METRICS_PORT", 0),
            "results_dir": Path(env["PDFLET_RESULTS_DIR"]) if env.get("PDFLET_RESULTS_DIR") else None,
            "result_ttl": _int(env, "PDFLET_RESULT_TTL", 86400, minimum=1),
            "job_workers": _int(env, "PDFLET_JOB_WORKERS", 1),
            "max_queued_jobs": _int(env, "PDFLET_MAX_QUEUED_JOBS", 1000, minimum=1),
            "job_priority": _choice(env, "PDFLET_JOB_PRIORITY", ("idle", "low", "normal"), "idle"),
            "webhook_allow": tuple((env.get("PDFLET_WEBHOOK_ALLOW") or "").split()),
            "webhook_timeout": _float(env, "PDFLET_WEBHOOK_TIMEOUT", 10.0),
            "webhook_backoff": _float(env, "PDFLET_WEBHOOK_BACKOFF", 30.0),
            "webhook_max_age": _int(env, "PDFLET_WEBHOOK_MAX_AGE", 86400, minimum=1),
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]

    def replace(self, **changes: object) -> Settings:
        """A copy with ``changes`` applied (the dataclass is frozen)."""
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")
