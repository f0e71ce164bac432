"""SECURITY.md states what the code does: every number in it is read from the page and checked here.

Each claim is a pattern with one number in it, compared with the setting or constant it describes.
After the claims, the page may hold no other digit than in the few measured figures and literal
names listed below, so a number added to the page without a check here fails this module.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from pdflet import errors
from pdflet.config import MIB, Settings
from pdflet.renderers.reportlab.layout.builder import MAX_PARAGRAPH_CHARS
from pdflet.renderers.reportlab.parse import MAX_CELLS, MAX_ELEMENTS
from pdflet.renderers.resources import MAX_RESOURCE_BYTES
from pdflet.services.cpu_priority import OVER_SHARE_SECONDS
from pdflet.services.rendering import CANARY_FRESH, HANDOVER_TRIES
from pdflet.web.api_pdf import REFUSAL_DELAY
from pdflet.web.connections import LOG_EVERY
from pdflet.web.multipart import MAX_ASSETS
from tests.security.conftest import RENDER_TIMEOUT as ATTACK_SUITE_TIMEOUT

ROOT = Path(__file__).resolve().parents[2]
DOC = " ".join((ROOT / "SECURITY.md").read_text().split())  # one space for every line break
DEFAULTS = Settings.from_env({})

# Figures measured on a machine, and literal names that merely contain digits; nothing else may.
MEASURED = [
    "a 1 px column of 20,000 glyphs: 345 pages in ~0.6 s",
    "~2,700 pages in ~12 s",
    "10 MB of text",
    "costs up to ~2.5 s each",
]
LITERALS = [
    "CVE-2023-33733", "127.0.0.1", "SHA-256", "HS256", "argon2id", "a 4xx", "x%00",
    "PDFLET_FUZZ_EXAMPLES=500 PDFLET_FUZZ_SEED=7", "IPv4 and IPv6, mapped/6to4/Teredo/NAT64",
    "`0x7f.1`, `2130706433`", "/api/v1/", "HMAC-SHA256",
]


STATUS = r"(?<![\d,.~])([45]\d\d)(?!\d|[,.]\d)"  # "a 413", "422 `render_failed`"; not "500,000"


def without_literals(text: str) -> str:
    for literal in MEASURED + LITERALS:
        assert literal in text, f"{literal!r} is no longer in SECURITY.md: drop it from this module's lists"
        text = text.replace(literal, "")
    return text


def number(text: str) -> float:
    return float(text.replace(",", ""))


def fuzz_suite_timeout() -> float:
    source = (ROOT / "tests" / "fuzz" / "test_api_schemathesis.py").read_text()
    return float(re.search(r'"PDFLET_RENDER_TIMEOUT": "([\d.]+)"', source).group(1))


def source_has(path: str, text: str) -> bool:
    return text in (ROOT / path).read_text()


def markdown_block_limit() -> int:
    from pdflet_markdown.plugin import MAX_BLOCK_CHARS

    return MAX_BLOCK_CHARS


def max_redirects() -> int:
    from pdflet.fetch.client import MAX_REDIRECTS

    return MAX_REDIRECTS


def common_password_count() -> int:
    from pdflet.services.password_policy import common_passwords

    return len(common_passwords())


def setup_token_bits() -> int:
    source = (ROOT / "pdflet" / "services" / "first_run.py").read_text()
    return 8 * int(re.search(r"secrets\.token_urlsafe\((\d+)\)", source).group(1))


def webhook_tolerance_minutes() -> float:
    import inspect

    from pdflet.webhooks import verify

    return inspect.signature(verify).parameters["tolerance"].default / 60


def refusal_budget() -> float:
    from tests.security.test_render_refusals import REFUSAL_CPU_SECONDS

    return REFUSAL_CPU_SECONDS


# (pattern with one number group, the value in the code)
CLAIMS: list[tuple[str, Callable[[], float]]] = [
    (r"a `data:` resource is at most (\d+) MiB", lambda: MAX_RESOURCE_BYTES / MIB),
    (r"login allows (\d+) failures per email", lambda: DEFAULTS.login_failures_allowed),
    (r"refused for its cap within the last (\d+) s", lambda: OVER_SHARE_SECONDS),
    (r"answered after (\d+) ms", lambda: REFUSAL_DELAY * 1000),
    (r"failures per email and (\d+) per IP", lambda: DEFAULTS.login_ip_failures_allowed),
    (r"per IP in (\d+) minutes", lambda: DEFAULTS.login_window_seconds / 60),
    (r"access tokens live (\d+) minutes", lambda: DEFAULTS.access_token_seconds / 60),
    (r"logged at most once per (\d+) s", lambda: LOG_EVERY),
    (r"the attack suite runs with (\d+) s", lambda: ATTACK_SUITE_TIMEOUT),
    (r"the API fuzz suite with (\d+) s", fuzz_suite_timeout),
    (r"more than ([\d,]+) elements", lambda: MAX_ELEMENTS),
    (r"one paragraph over ([\d,]+) characters", lambda: MAX_PARAGRAPH_CHARS),
    (r"more than ([\d,]+) table cells in a document", lambda: MAX_CELLS),
    (r"a block of lines over ([\d,]+) characters", markdown_block_limit),
    (r"fit the default (\d+) s timeout", lambda: DEFAULTS.render_timeout),
    (r"but not a (\d+) s one", lambda: ATTACK_SUITE_TIMEOUT),
    (r"Each redirect \(at most (\d+);", max_redirects),
    (r"one of the ([\d,]+) most common", common_password_count),
    (r"a random (\d+)-bit token", setup_token_bits),
    (r"own budget \(`PDFLET_MAX_ASSETS_BYTES`, ([\d,]+) files\)", lambda: MAX_ASSETS),
    (r"up to (\d+) times if it had not", lambda: HANDOVER_TRIES),
    (r"succeeded in the last (\d+) s counts", lambda: CANARY_FRESH),
    (r"refuses timestamps older than (\d+) minutes", webhook_tolerance_minutes),
    (r"creates the directory (0700)", lambda: 700 if source_has("pdflet/server.py", "mode=0o700") else -1),
    (r"the database and secret files (0600)", lambda: 600 if (
        source_has("pdflet/db/connection.py", "0o600") and source_has("pdflet/services/signing.py", "0o600")
    ) else -1),
]
SENTENCES = [  # claims without a digit, checked all the same
    ("refresh tokens a day", lambda: DEFAULTS.refresh_token_seconds == 86400),
    ("within a second of CPU time", lambda: refusal_budget() == 1.0),
]


def table_rows() -> list[tuple[str, str]]:
    """(variable, default) of the "Limits and how to set them" table."""
    text = (ROOT / "SECURITY.md").read_text()
    return re.findall(r"^\| `(PDFLET_[A-Z_]+)`(?: / `PDFLET_[A-Z_]+`)? \| ([^|]+) \|", text, re.M)


def field_of(variable: str) -> str:
    return variable.removeprefix("PDFLET_").lower()


@pytest.mark.parametrize(("pattern", "actual"), CLAIMS, ids=[p for p, _ in CLAIMS])
def test_each_number_in_the_text_is_the_codes(pattern, actual):
    found = re.findall(pattern, DOC)
    assert found, f"SECURITY.md no longer says {pattern!r}"
    for text in found:
        assert number(text) == actual(), f"SECURITY.md says {text} for {pattern!r}; the code has {actual()}"


@pytest.mark.parametrize(("sentence", "holds"), SENTENCES, ids=[s for s, _ in SENTENCES])
def test_each_sentence_without_a_digit_holds(sentence, holds):
    assert sentence in DOC
    assert holds()


def test_the_limits_table_lists_the_settings_with_their_defaults():
    rows = table_rows()
    assert len(rows) >= 12
    for variable, default in rows:
        default = default.strip()
        name = field_of(variable)
        assert hasattr(DEFAULTS, name), f"{variable} is no setting"
        value = getattr(DEFAULTS, name)
        if default == "CPUs":
            assert value == (os.cpu_count() or 1)
        elif default == "max(64, 32 \u00d7 workers)":
            for workers in (1, 2, 3, 8):
                assert Settings(render_workers=workers).render_queue_size == max(64, 32 * workers)
        elif default == "max(1, workers \u00f7 2)":
            for workers in (1, 2, 3, 8):
                assert Settings(render_workers=workers).max_concurrent_per_key == max(1, workers // 2)
        elif default in ("unset", "all installed"):
            assert value in (None, 0, ()), (variable, value)
        elif match := re.fullmatch(r"([\d,]+) MiB", default):
            assert value == number(match.group(1)) * MIB, (variable, value)
        elif match := re.fullmatch(r"([\d,]+)(?: s)?", default):
            assert value == number(match.group(1)), (variable, value)
        else:
            pytest.fail(f"{variable}: no check for the default {default!r}")


@pytest.mark.parametrize("variable", [v for v, d in table_rows() if re.fullmatch(r"[\d,]+(?: s| MiB)?", d.strip())])
def test_each_variable_in_the_table_is_read_by_the_settings(variable):
    changed = Settings.from_env({variable: "7"})
    assert getattr(changed, field_of(variable)) != getattr(DEFAULTS, field_of(variable))


def test_zero_means_no_limit_where_the_table_says_so():
    assert "(0 = no limit)" in DOC and "0 = off" in DOC
    assert Settings.from_env({"PDFLET_RENDER_MEMORY_MB": "0"}).render_memory_mb == 0
    assert Settings.from_env({"PDFLET_RATE_LIMIT_PER_MINUTE": "0"}).rate_limit_per_minute == 0


def test_every_status_code_named_is_one_pdflet_answers():
    statuses = {cls.status for cls in vars(errors).values()
                if isinstance(cls, type) and issubclass(cls, errors.PdfletError)}
    named = {int(code) for code in re.findall(STATUS, without_literals(DOC))}
    assert len(named) >= 8 and named <= statuses, named - statuses  # 500: the base class, named as what never happens


def test_no_number_goes_unchecked():
    checked = [m.span(1) for pattern, _ in CLAIMS for m in re.finditer(pattern, DOC)]
    chars = list(DOC)
    for start, end in checked:
        chars[start:end] = " " * (end - start)
    rest = without_literals("".join(chars))
    for row in re.findall(r"\| `PDFLET_[A-Z_]+`(?: / `PDFLET_[A-Z_]+`)? \| [^|]+ \|", rest):
        rest = rest.replace(row, "")  # the table's defaults: checked above
    rest = re.sub(r"\(0 = no limit\)|0 = off", "", rest)
    rest = re.sub(STATUS, "", rest)  # status codes: checked above
    rest = re.sub(r"PDFLET_[A-Z_]+", "", rest)
    leftovers = [rest[max(0, m.start() - 40):m.end() + 40] for m in re.finditer(r"\d", rest)]
    assert not leftovers, f"numbers in SECURITY.md that no test checks: {leftovers}"
