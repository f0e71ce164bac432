"""Helpers for the scaled set-up tests: deploy/nginx/pdflet.conf turned into a runnable nginx on loopback."""

from __future__ import annotations

import getpass
import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
NGINX_SITE = ROOT / "deploy" / "nginx" / "pdflet.conf"
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)


def site_config(upstreams: list[str], listen_port: int) -> str:
    """The deploy config with its upstream servers and listen port replaced, nothing else changed."""
    text = NGINX_SITE.read_text()
    servers = "".join(f"    server {u} max_fails=3 fail_timeout=10s;\n" for u in upstreams)
    text, count = re.subn(r"(?m)^    server 127\.0\.0\.1:\d+ [^\n]*\n(?:    server 127\.0\.0\.1:\d+ [^\n]*\n)*",
                          servers, text, count=1)
    assert count == 1, "the upstream block of deploy/nginx/pdflet.conf changed shape"
    text, count = re.subn(r"(?m)^    listen \d+;", f"    listen 127.0.0.1:{listen_port};", text)
    assert count == 1
    return text


def main_config(folder: Path, site: str) -> Path:
    """A complete nginx.conf in ``folder``: every path (pid, logs, temp files) inside it."""
    (folder / "site.conf").write_text(site)
    user = f"user {getpass.getuser()};\n" if os.geteuid() == 0 else ""
    conf = folder / "nginx.conf"
    conf.write_text(
        f"{user}worker_processes 1;\ndaemon on;\npid {folder}/nginx.pid;\nerror_log {folder}/error.log warn;\n"
        "events { worker_connections 1024; }\n"
        "http {\n"
        f"  access_log {folder}/access.log;\n"
        f"  client_body_temp_path {folder}/body; proxy_temp_path {folder}/proxy;\n"
        f"  fastcgi_temp_path {folder}/fastcgi; uwsgi_temp_path {folder}/uwsgi; scgi_temp_path {folder}/scgi;\n"
        f"  include {folder}/site.conf;\n"
        "}\n"
    )
    return conf


def nginx_test(conf: Path) -> subprocess.CompletedProcess:
    return subprocess.run([NGINX, "-t", "-c", str(conf), "-p", str(conf.parent)], capture_output=True, text=True,
                          timeout=30)


class Nginx:
    """nginx started on ``conf`` and stopped by pid."""

    def __init__(self, conf: Path, port: int) -> None:
        self.conf, self.url = conf, f"http://127.0.0.1:{port}"
        subprocess.run([NGINX, "-c", str(conf), "-p", str(conf.parent)], check=True, capture_output=True,
                       timeout=30)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                requests.get(self.url + "/healthz", timeout=1)
                return
            except requests.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("nginx did not start")

    def stop(self) -> None:
        pid_file = self.conf.parent / "nginx.pid"
        if pid_file.exists():
            os.kill(int(pid_file.read_text().strip()), 15)
            deadline = time.monotonic() + 10
            while pid_file.exists() and time.monotonic() < deadline:
                time.sleep(0.05)


REDIS_SERVER = shutil.which("redis-server")


class RedisServer:
    """A throwaway redis-server on loopback (no persistence), stopped by its process."""

    def __init__(self, folder: Path, port: int) -> None:
        import redis

        self.url = f"redis://127.0.0.1:{port}/0"
        self.process = subprocess.Popen(
            [REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(folder), "--save", "",
             "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        client = redis.Redis.from_url(self.url)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                client.ping()
                return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def metric(text: str, name: str, **labels: str) -> float:
    """The sum of the samples of ``name`` whose labels include ``labels`` in a /metrics text."""
    total = 0.0
    for line in text.splitlines():
        if not line.startswith(name + "{") and not line.startswith(name + " "):
            continue
        head, _, value = line.rpartition(" ")
        if all(f'{k}="{v}"' in head for k, v in labels.items()):
            total += float(value)
    return total


def start_instance(tmp: Path, extra_env: dict[str, str], database_url: str):
    """Like ``tests.conftest.start_server``, but patient with a supervisor: its socket is bound (and
    accepts into the backlog) before its web processes answer, so a first poll may time out."""
    import sys

    from tests.conftest import Server, free_port

    port = free_port()
    data_dir = tmp / "data"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("PDFLET_") and k != "PROMETHEUS_MULTIPROC_DIR"},
        "PDFLET_DATA_DIR": str(data_dir), "PDFLET_DATABASE_URL": database_url, **extra_env,
    }
    log_path = tmp / "server.log"
    with log_path.open("wb") as handle:
        process = subprocess.Popen([sys.executable, "-m", "pdflet", "serve", "--port", str(port), "--xheaders"],
                                   env=env, stdout=handle, stderr=subprocess.STDOUT, cwd=tmp)
    server = Server(f"http://127.0.0.1:{port}", data_dir, database_url, process, env, log_path)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"pdflet serve exited with {process.returncode}:\n{server.log()}")
        try:
            if requests.get(server.url + "/healthz", timeout=2).status_code == 200:
                return server
        except requests.RequestException:
            time.sleep(0.1)
    process.kill()
    process.wait()
    raise RuntimeError(f"pdflet serve did not answer within 60 s:\n{server.log()}")


SHARED_REDIS_URL = os.environ.get("PDFLET_TEST_REDIS_URL")  # CI starts one (.ci/run)
REQUIRE = os.environ.get("PDFLET_TEST_REQUIRE_SCALED") == "1"


def skip_unless(tool: str, present: bool) -> None:
    """Skip when ``tool`` is missing on a developer machine; fail in CI, which promises to install it."""
    import pytest

    if present:
        return
    reason = f"{tool} is not installed (apt-get install {tool})"
    if REQUIRE:
        pytest.fail(reason + " but PDFLET_TEST_REQUIRE_SCALED=1", pytrace=False)
    pytest.skip(reason)


class SharedRedis:
    """The Redis CI already runs (PDFLET_TEST_REDIS_URL), behind the same interface as RedisServer."""

    def __init__(self, url: str) -> None:
        self.url = url

    def stop(self) -> None:
        pass


def redis_for_tests(folder: Path, port: int):
    if SHARED_REDIS_URL:
        return SharedRedis(SHARED_REDIS_URL)
    skip_unless("redis-server", REDIS_SERVER is not None)
    return RedisServer(folder, port)
