"""deploy/: the nginx config passes `nginx -t`, the systemd unit and the Kubernetes example are well-formed."""

from __future__ import annotations

import configparser

import pytest

from pdflet.web.app import API_ROUTES
from tests.scaled_support import NGINX, ROOT, main_config, nginx_test, site_config, skip_unless


def test_nginx_config_passes_nginx_t(tmp_path):
    skip_unless("nginx", NGINX is not None)
    conf = main_config(tmp_path, (ROOT / "deploy" / "nginx" / "pdflet.conf").read_text())
    result = nginx_test(conf)
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


def test_the_rewritten_config_used_by_the_scaled_test_passes_too(tmp_path):
    skip_unless("nginx", NGINX is not None)
    conf = main_config(tmp_path, site_config(["127.0.0.1:1", "127.0.0.1:2", "127.0.0.1:3"], 9))
    assert nginx_test(conf).returncode == 0
    assert "server 127.0.0.1:3 " in (tmp_path / "site.conf").read_text()


def test_nginx_config_passes_request_ids_and_client_addresses():
    text = (ROOT / "deploy" / "nginx" / "pdflet.conf").read_text()
    for needle in ("proxy_set_header X-Request-Id", "proxy_set_header X-Real-IP", "client_max_body_size",
                   "proxy_read_timeout", "upstream pdflet"):
        assert needle in text


def test_systemd_unit_stops_gracefully():
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # systemd keys are case-sensitive
    parser.read(ROOT / "deploy" / "systemd" / "pdflet@.service")
    service = parser["Service"]
    assert "pdflet serve" in service["ExecStart"] and "--xheaders" in service["ExecStart"]
    assert service["KillMode"] == "mixed"  # SIGTERM to the web process only, not the render workers
    assert service["KillSignal"] == "SIGTERM"
    assert int(service["TimeoutStopSec"]) > 35  # the default shutdown deadline (render timeout + 5 s)
    assert parser["Install"]["WantedBy"] == "multi-user.target"


def test_kubernetes_example_parses_and_probes_real_routes():
    yaml = pytest.importorskip("yaml")
    docs = [d for d in yaml.safe_load_all((ROOT / "deploy" / "kubernetes" / "pdflet.yaml").read_text()) if d]
    kinds = {d["kind"]: d for d in docs}
    assert set(kinds) == {"Deployment", "Service", "HorizontalPodAutoscaler"}
    pod = kinds["Deployment"]["spec"]["template"]["spec"]
    container = pod["containers"][0]
    routes = {pattern for pattern, _handler in API_ROUTES}
    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz" and "/readyz" in routes
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz" and "/healthz" in routes
    assert container["args"][0] == "serve"
    assert pod["terminationGracePeriodSeconds"] > 35
    assert kinds["Service"]["spec"]["selector"] == kinds["Deployment"]["spec"]["selector"]["matchLabels"]
    assert kinds["HorizontalPodAutoscaler"]["spec"]["scaleTargetRef"]["name"] == kinds["Deployment"]["metadata"]["name"]
