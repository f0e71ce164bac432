"""Extra ``pdflet serve`` processes with their own settings, on the shared server's database and secret."""

from __future__ import annotations

from tests.conftest import Server, start_server


def shared_server(server: Server, tmp_path_factory, name: str, env: dict[str, str]) -> Server:
    """Another instance, as a second replica behind a load balancer would be, with ``env`` on top."""
    secret = (server.data_dir / "secret_key").read_text().strip()
    env = {"PDFLET_SECRET_KEY": secret, "PDFLET_RENDER_WORKERS": "1", **env}
    return start_server(tmp_path_factory.mktemp(name), env, database_url=server.database_url)
