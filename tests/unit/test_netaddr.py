"""pdflet.netaddr: every odd spelling of a refused address is seen through, once."""

from __future__ import annotations

import ast
import ipaddress
import socket
import sys
from pathlib import Path

import pytest

from pdflet import netaddr
from pdflet.netaddr import AddressRefused, allow_entry, classify, parse_ipv4_loose, resolve_checked


def fake_resolver(table: dict[str, list[str]]):
    """A getaddrinfo stand-in answering from ``table`` and counting its calls."""
    calls: list[str] = []

    def resolve(host, port, family=0, type=0, proto=0, flags=0):
        calls.append(host)
        if host not in table:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        out = []
        for ip in table[host]:
            fam = socket.AF_INET6 if ":" in ip else socket.AF_INET
            out.append((fam, socket.SOCK_STREAM, 6, "", (ip, port) if fam == socket.AF_INET else (ip, port, 0, 0)))
        return out

    resolve.calls = calls
    return resolve


@pytest.mark.parametrize(("text", "expected"), [
    ("127.0.0.1", "127.0.0.1"),
    ("0x7f.1", "127.0.0.1"),
    ("0x7F.0.0.1", "127.0.0.1"),
    ("2130706433", "127.0.0.1"),
    ("0x7f000001", "127.0.0.1"),
    ("017700000001", "127.0.0.1"),
    ("0177.0.0.1", "127.0.0.1"),
    ("127.1", "127.0.0.1"),
    ("127.0.1", "127.0.0.1"),
    ("10.1", "10.0.0.1"),
    ("0", "0.0.0.0"),  # noqa: S104
    ("3232235521", "192.168.0.1"),
    ("0xa9.0xfe.0xa9.0xfe", "169.254.169.254"),
])
def test_loose_ipv4_reads_what_inet_aton_reads(text, expected):
    assert parse_ipv4_loose(text) == ipaddress.IPv4Address(expected)
    assert socket.inet_aton(text) == ipaddress.IPv4Address(expected).packed


@pytest.mark.parametrize("text", ["256.1.1.1", "1.2.3.4.5", "08.1.1.1", "4294967296", "1.16777216", "", "a.1", "1..1"])
def test_loose_ipv4_rejects_what_is_no_address(text):
    assert parse_ipv4_loose(text) is None


@pytest.mark.parametrize(("ip", "reason"), [
    ("127.0.0.1", "loopback"),
    ("127.255.255.254", "loopback"),
    ("10.0.0.1", "private"),
    ("172.16.5.4", "private"),
    ("192.168.1.1", "private"),
    ("169.254.1.1", "link-local"),
    ("100.64.0.1", "CGNAT"),
    ("224.0.0.1", "multicast"),
    ("0.0.0.0", "unspecified"),  # noqa: S104
    ("0.1.2.3", "unspecified"),
    ("240.0.0.1", "reserved"),
    ("255.255.255.255", "broadcast"),
    ("192.0.2.1", "reserved"),
    ("169.254.169.254", "cloud metadata"),
    ("100.100.100.200", "cloud metadata"),
    ("168.63.129.16", "cloud metadata"),
    ("::1", "loopback"),
    ("::", "unspecified"),
    ("fe80::1", "link-local"),
    ("fc00::1", "private"),
    ("fd12:3456::1", "private"),
    ("ff02::1", "multicast"),
    ("fd00:ec2::254", "cloud metadata"),
    ("::ffff:127.0.0.1", "IPv4-mapped loopback"),
    ("::ffff:a9fe:a9fe", "IPv4-mapped cloud metadata"),
    ("::127.0.0.1", "IPv4-compatible loopback"),
    ("::8.8.8.8", "IPv4-compatible (deprecated)"),
    ("2002:7f00:1::", "6to4 loopback"),
    ("2002:c0a8:101::1", "6to4 private"),
    ("2001:0:4136:e378:8000:63bf:80ff:fffe", "Teredo loopback"),
    ("64:ff9b::7f00:1", "NAT64 loopback"),
    ("64:ff9b::10.0.0.1", "NAT64 private"),
    ("64:ff9b:1::1", "private"),
    ("2001:db8::1", "reserved"),
    ("::ffff:0:7f00:1", "IPv4-translated loopback"),
    ("::ffff:0:a00:1", "IPv4-translated private"),
    ("5f00::1", "reserved"),
    ("3fff::1", "reserved"),
    ("4000::1", "reserved"),
])
def test_classify_refuses(ip, reason):
    assert classify(ipaddress.ip_address(ip)) == reason


@pytest.mark.parametrize("ip", [
    "8.8.8.8", "1.1.1.1", "93.184.216.34", "2606:4700::1111", "::ffff:8.8.8.8", "64:ff9b::808:808",
])
def test_classify_passes_public(ip):
    assert classify(ipaddress.ip_address(ip)) is None


LOOPBACK_SPELLINGS = [
    "http://127.0.0.1:8080/",
    "http://0x7f.1:8080/",
    "http://0x7f.0.0.1:8080/",
    "http://2130706433:8080/",
    "http://0177.0.0.1:8080/",
    "http://127.1:8080/",
    "http://127.0.0.1.:8080/",
    "http://[::1]:8080/",
    "http://[::ffff:127.0.0.1]:8080/",
    "http://[::ffff:7f00:1]:8080/",
    "http://[0:0:0:0:0:ffff:127.0.0.1]:8080/",
    "http://[::127.0.0.1]:8080/",
    "http://[64:ff9b::127.0.0.1]:8080/",
    "http://[2002:7f00:1::]:8080/",
    "http://\uff11\uff12\uff17.0.0.1:8080/",
    "http://0.0.0.0:8080/",
    "http://127\u30020\u30020\u30021:8080/",
    "http://127.000.000.001:8080/",
    "http://0x7f.0x0.0x0.0x1:8080/",
    "http://[::ffff:0:7f00:1]:8080/",
    "http://0:8080/",
]


@pytest.mark.parametrize("url", LOOPBACK_SPELLINGS)
def test_every_loopback_spelling_is_refused_without_resolving(url):
    resolver = fake_resolver({})
    with pytest.raises(AddressRefused) as info:
        resolve_checked(url, resolver=resolver)
    assert resolver.calls == []
    assert any(word in info.value.reason for word in ("loopback", "unspecified"))


@pytest.mark.parametrize("url", LOOPBACK_SPELLINGS[1:])
def test_exempting_one_spelling_exempts_no_other(url):
    with pytest.raises(AddressRefused):
        resolve_checked(url, ["127.0.0.1:8080"], resolver=fake_resolver({}))


def test_the_exact_exempt_host_and_port_pass():
    targets = resolve_checked("http://127.0.0.1:8080/a.css", ["127.0.0.1:8080"])
    assert targets == [netaddr.Target("http", "127.0.0.1", 8080, "127.0.0.1", socket.AF_INET)]
    assert resolve_checked("HTTP://127.0.0.1:8080/", ["127.0.0.1:8080"])[0].ip == "127.0.0.1"
    assert resolve_checked("http://[::1]:81/", ["[::1]:81"])[0].ip == "::1"
    assert resolve_checked("http://127.0.0.1:8080/", ["http://127.0.0.1:8080/static/"])[0].port == 8080


def test_the_exemption_is_for_that_port_only():
    with pytest.raises(AddressRefused, match="loopback"):
        resolve_checked("http://127.0.0.1:8081/", ["127.0.0.1:8080"])
    with pytest.raises(AddressRefused, match="loopback"):
        resolve_checked("http://127.0.0.1/", ["127.0.0.1:8080"])
    assert resolve_checked("http://127.0.0.1/", ["127.0.0.1:80"])[0].port == 80
    assert resolve_checked("https://127.0.0.1/", ["127.0.0.1:443"])[0].port == 443


def test_localhost_resolves_to_loopback_and_is_refused():
    with pytest.raises(AddressRefused, match=r"localhost \((127\.0\.0\.1|::1)\) is loopback"):
        resolve_checked("http://localhost:8080/")
    with pytest.raises(AddressRefused, match="loopback"):
        resolve_checked("http://LOCALHOST.:8080/", ["127.0.0.1:8080"])


def test_a_name_is_resolved_once_and_every_answer_checked():
    resolver = fake_resolver({"cdn.example.com": ["93.184.216.34", "10.0.0.5"], "ok.example.com": ["93.184.216.34"]})
    with pytest.raises(AddressRefused, match=r"cdn\.example\.com \(10\.0\.0\.5\) is private"):
        resolve_checked("https://cdn.example.com/x", resolver=resolver)
    targets = resolve_checked("https://ok.example.com/x", resolver=resolver)
    assert resolver.calls == ["cdn.example.com", "ok.example.com"]
    assert targets == [netaddr.Target("https", "ok.example.com", 443, "93.184.216.34", socket.AF_INET)]


def test_a_resolved_mapped_or_scoped_ipv6_is_refused():
    resolver = fake_resolver({"a.example": ["::ffff:169.254.169.254"], "b.example": ["fe80::1%eth0"]})
    with pytest.raises(AddressRefused, match="IPv4-mapped cloud metadata"):
        resolve_checked("http://a.example/", resolver=resolver)
    with pytest.raises(AddressRefused, match="zone id"):
        resolve_checked("http://b.example/", resolver=resolver)


def test_an_international_name_is_resolved_by_its_ascii_form():
    resolver = fake_resolver({"xn--bcher-kva.example": ["93.184.216.34"]})
    assert resolve_checked("http://B\u00fccher.example./", resolver=resolver)[0].host == "xn--bcher-kva.example"


@pytest.mark.parametrize(("url", "words"), [
    ("ftp://example.com/", "scheme"),
    ("file:///etc/passwd", "scheme"),
    ("gopher://127.0.0.1/", "scheme"),
    ("//example.com/", "scheme"),
    ("http://user:pass@example.com/", "credentials"),
    ("http://user@example.com/", "credentials"),
    ("http://127.0.0.1\\@example.com/", "credentials"),
    ("http:///path", "no host"),
    ("http://[fe80::1%25eth0]/", "zone id"),
    ("http://[fe80::1%eth0]:80/", "zone id"),
    ("http://%31%32%37.0.0.1/", "percent"),
    ("http://256.0.0.1/", "not a valid IPv4"),
    ("http://1.2.3.4.5/", "not a valid IPv4"),
    ("http://08.0.0.1/", "not a valid IPv4"),
    ("http://[::1/", "malformed"),
    ("http://example.com:99999/", "malformed"),
    ("http://example.com:0/", "port 0"),
    ("http://exa mple.com/", "invalid host"),
    ("http://a..b/", "invalid host"),
    ("http://metadata.google.internal/", "metadata"),
    ("http://METADATA.google.internal./", "metadata"),
    ("http://[fd00:ec2::254]/", "metadata"),
    ("http://169.254.169.254/latest/meta-data/", "metadata"),
    ("http://0xa9fea9fe/", "metadata"),
    ("http://100.100.100.200/", "metadata"),
])
def test_bad_urls_are_refused_with_a_reason(url, words):
    resolver = fake_resolver({})
    with pytest.raises(AddressRefused) as info:
        resolve_checked(url, resolver=resolver)
    assert words in info.value.reason
    assert resolver.calls == []


def test_a_name_that_does_not_resolve_is_refused():
    with pytest.raises(AddressRefused, match="does not resolve"):
        resolve_checked("http://nowhere.example/", resolver=fake_resolver({}))


def test_allow_entry_normalises_forms():
    assert allow_entry("127.0.0.1:8080") == "127.0.0.1:8080"
    assert allow_entry("HTTPS://Fonts.Example.com/css") == "fonts.example.com:443"
    assert allow_entry("http://[::1]:9/x") == "[::1]:9"
    assert allow_entry("example.com") == "example.com:80"


def test_netaddr_imports_the_standard_library_only():
    tree = ast.parse(Path(netaddr.__file__).read_text())
    names = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    names |= {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    assert {name.split(".")[0] for name in names} <= set(sys.stdlib_module_names) | {"__future__"}
