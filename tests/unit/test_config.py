from pathlib import Path

import pytest

from pdflet.config import Settings, SettingsError


def test_defaults_match_the_contract():
    s = Settings.from_env({})
    assert (s.host, s.port) == ("127.0.0.1", 8000)
    assert s.data_dir == Path(".pdflet")
    assert s.database_url == "sqlite:///.pdflet/pdflet.db"
    assert s.max_body_bytes == 10 * 1024 * 1024
    assert s.render_timeout == 30
    assert s.rate_limit_per_minute == 600
    assert s.redis_url is None and s.secret_key is None
    assert s.render_workers >= 1


def test_environment_and_overrides():
    env = {"PDFLET_DATA_DIR": "/tmp/x", "PDFLET_MAX_BODY_BYTES": "100", "PDFLET_RENDER_TIMEOUT": "2.5",
           "PDFLET_RENDER_WORKERS": "3", "PDFLET_RATE_LIMIT_PER_MINUTE": "0", "PDFLET_REDIS_URL": "redis://h",
           "PDFLET_PLUGINS": "a, b", "PDFLET_DISABLE_PLUGINS": "c", "PDFLET_SECRET_KEY": "k"}
    s = Settings.from_env(env, port=9000)
    assert s.database_url == "sqlite:////tmp/x/pdflet.db"
    assert (s.max_body_bytes, s.render_timeout, s.render_workers, s.rate_limit_per_minute) == (100, 2.5, 3, 0)
    assert s.plugins == ("a", "b") and s.disable_plugins == ("c",)
    assert s.port == 9000 and s.secret_key == "k" and s.redis_url == "redis://h"


@pytest.mark.parametrize(("name", "value"), [
    ("PDFLET_PORT", "eighty"), ("PDFLET_RENDER_TIMEOUT", "-1"), ("PDFLET_RENDER_TIMEOUT", "nan"),
    ("PDFLET_RENDER_WORKERS", "0"), ("PDFLET_MAX_BODY_BYTES", "0"),
])
def test_bad_values_name_the_variable(name, value):
    with pytest.raises(SettingsError, match=name):
        Settings.from_env({name: value})


def test_templates_and_static_are_found():
    s = Settings()
    assert s.templates_dir.name == "templates" and s.static_dir.name == "static"


def test_cors_origins_are_exact_origins():
    assert Settings.from_env({"PDFLET_CORS_ORIGINS": "https://A.example.com/ http://localhost:3000"}).cors_origins == (
        "https://a.example.com", "http://localhost:3000")
    assert Settings.from_env({"PDFLET_CORS_ORIGINS": "*"}).cors_origins == ("*",)
    assert Settings.from_env({}).cors_origins == ()
    for bad in ("https://a.example.com/path", "a.example.com", "* https://a.example.com", "ftp://x"):
        with pytest.raises(SettingsError):
            Settings.from_env({"PDFLET_CORS_ORIGINS": bad})


def test_token_lifetimes_come_from_the_environment():
    settings = Settings.from_env({"PDFLET_ACCESS_TOKEN_SECONDS": "2", "PDFLET_REFRESH_TOKEN_SECONDS": "600"})
    assert (settings.access_token_seconds, settings.refresh_token_seconds) == (2, 600)
    assert Settings.from_env({}).access_token_seconds == 300
@pytest.mark.parametrize(("env", "expected"), [
    ({"PDFLET_RENDER_WORKERS": "1"}, 1), ({"PDFLET_RENDER_WORKERS": "2"}, 1), ({"PDFLET_RENDER_WORKERS": "8"}, 4),
    ({"PDFLET_RENDER_WORKERS": "8", "PDFLET_MAX_CONCURRENT_PER_KEY": "0"}, 4),
    ({"PDFLET_RENDER_WORKERS": "2", "PDFLET_MAX_CONCURRENT_PER_KEY": "5"}, 5),
])
def test_renders_in_flight_per_key_default_to_half_the_workers(env, expected):
    assert Settings.from_env(env).max_concurrent_per_key == expected


def test_a_negative_share_is_refused():
    with pytest.raises(SettingsError, match="PDFLET_MAX_CONCURRENT_PER_KEY"):
        Settings.from_env({"PDFLET_MAX_CONCURRENT_PER_KEY": "-1"})
