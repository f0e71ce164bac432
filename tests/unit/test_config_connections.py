"""The connection and metrics settings: read from PDFLET_* variables, bad values refused."""

from __future__ import annotations

import pytest

from pdflet.config import Settings, SettingsError


def test_defaults():
    settings = Settings.from_env({})
    assert (settings.max_connections, settings.idle_timeout, settings.body_timeout) == (1000, 60.0, 60.0)
    assert settings.metrics_token is None and settings.metrics_port == 0


def test_values_are_read():
    settings = Settings.from_env({
        "PDFLET_MAX_CONNECTIONS": "50", "PDFLET_IDLE_TIMEOUT": "2.5", "PDFLET_BODY_TIMEOUT": "9",
        "PDFLET_METRICS_TOKEN": "t0ken", "PDFLET_METRICS_PORT": "9100",
    })
    assert (settings.max_connections, settings.idle_timeout, settings.body_timeout) == (50, 2.5, 9.0)
    assert (settings.metrics_token, settings.metrics_port) == ("t0ken", 9100)


@pytest.mark.parametrize(("name", "value"), [
    ("PDFLET_MAX_CONNECTIONS", "0"), ("PDFLET_MAX_CONNECTIONS", "many"), ("PDFLET_IDLE_TIMEOUT", "0"),
    ("PDFLET_BODY_TIMEOUT", "-1"), ("PDFLET_BODY_TIMEOUT", "inf"), ("PDFLET_METRICS_PORT", "-5"),
])
def test_bad_values_are_refused(name, value):
    with pytest.raises(SettingsError, match=name):
        Settings.from_env({name: value})
