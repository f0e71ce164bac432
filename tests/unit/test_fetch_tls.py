"""HTTPS: the fetcher dials the resolved IP yet checks the certificate against the URL's host name (SNI too)."""

from __future__ import annotations

import datetime
import ssl

import pytest

from pdflet.config import Settings
from pdflet.fetch.plugin import RemoteFetcher
from pdflet.renderers.resources import ResourceError
from tests.fetch_server import fetch_server, local_resolver


def self_signed(folder, name: str):
    """A certificate for ``name`` (and its key), signed by itself, as PEM files."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (
        x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


@pytest.fixture
def tls_server(tmp_path):
    cert, key = self_signed(tmp_path, "assets.test")
    with fetch_server({"/a.css": (200, {"Content-Type": "text/css"}, b"p{}")}) as srv:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        srv.sni = []
        context.sni_callback = lambda sock, name, ctx: srv.sni.append(name)
        srv.httpd.socket = context.wrap_socket(srv.httpd.socket, server_side=True)
        yield srv, cert


def fetcher(port: int) -> RemoteFetcher:
    resolver = local_resolver({"assets.test": "127.0.0.1", "other.test": "127.0.0.1"})
    allow = (f"https://assets.test:{port}/", f"https://other.test:{port}/")
    return RemoteFetcher(Settings(fetch_allow=allow), resolver=resolver)


def test_the_certificate_is_checked_against_the_host_name_not_the_address(tls_server, monkeypatch):
    srv, cert = tls_server
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    loader = fetcher(srv.port)
    assert loader.pdflet_fetch_resource(f"https://assets.test:{srv.port}/a.css").data == b"p{}"
    assert srv.sni == ["assets.test"]
    assert srv.log[-1][1]["host"] == f"assets.test:{srv.port}"
    with pytest.raises(ResourceError, match="cannot connect"):  # same address, a name the certificate lacks
        loader.pdflet_fetch_resource(f"https://other.test:{srv.port}/a.css")


def test_an_untrusted_certificate_is_refused(tls_server, monkeypatch):
    srv, _cert = tls_server
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    with pytest.raises(ResourceError, match="cannot connect"):
        fetcher(srv.port).pdflet_fetch_resource(f"https://assets.test:{srv.port}/a.css")
    assert srv.log == []


def test_https_never_redirects_to_http(tls_server, monkeypatch):
    srv, cert = tls_server
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    with fetch_server({"/plain.css": (200, {}, b"plain")}) as plain:
        srv.routes["/down"] = (302, {"Location": f"{plain.base}/plain.css"}, b"")
        allow = (f"https://assets.test:{srv.port}/", f"{plain.base}/")
        loader = RemoteFetcher(Settings(fetch_allow=allow), resolver=local_resolver({"assets.test": "127.0.0.1"}))
        with pytest.raises(ResourceError, match="from https to http refused"):
            loader.pdflet_fetch_resource(f"https://assets.test:{srv.port}/down")
        assert loader.pdflet_fetch_resource(f"{plain.base}/plain.css").data == b"plain"
        assert plain.paths() == ["/plain.css"]
