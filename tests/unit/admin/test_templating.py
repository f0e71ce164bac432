"""The admin's Jinja environment escapes everything and formats dates and sizes for people."""

import datetime as dt

from pdflet.admin.templating import format_bytes, format_datetime, iso_datetime, make_environment, time_tag
from pdflet.config import Settings


def test_user_text_is_escaped():
    env = make_environment(Settings().templates_dir)
    html = env.from_string("<td>{{ name }}</td>").render(name="<script>alert(1)</script>")
    assert html == "<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>"


def test_filters():
    when = dt.datetime(2026, 11, 25, 12, 5, 9, 123)
    assert format_datetime(when) == "2026-11-25 12:05"
    assert format_datetime(None) == "—" and format_datetime(None, "never") == "never"
    assert iso_datetime(when) == "2026-11-25T12:05:09Z"
    assert [format_bytes(n) for n in (0, 1023, 1536, 5 * 1024 * 1024)] == ["0 B", "1023 B", "1.5 KB", "5.0 MB"]


def test_every_template_compiles():
    env = make_environment(Settings().templates_dir)
    names = env.list_templates(filter_func=lambda n: n.startswith("admin/"))
    assert len(names) > 15
    for name in names:
        env.get_template(name)


def test_time_tag_is_utc_iso_for_the_script_and_readable_without_it():
    when = dt.datetime(2026, 11, 25, 12, 5, 9)
    assert str(time_tag(when)) == ('<time datetime="2026-11-25T12:05:09Z" title="2026-11-25 12:05 UTC">'
                                   '2026-11-25 12:05 UTC</time>')
    assert str(time_tag(None)) == '<span class="muted">never</span>'
    assert str(time_tag(None, "<b>")) == '<span class="muted">&lt;b&gt;</span>'


def test_a_grace_period_reads_as_time_left():
    from pdflet.admin.keys import remaining

    now = dt.datetime(2026, 12, 7, 12, 0)
    assert remaining(now + dt.timedelta(hours=23, minutes=59), now) == "expires in 23 h"
    assert remaining(now + dt.timedelta(minutes=30), now) == "expires in 30 min"
    assert remaining(now + dt.timedelta(days=5, hours=1), now) == "expires in 5 days"
    assert remaining(now - dt.timedelta(seconds=1), now) == "expired"


def test_templates_carry_no_inline_styles_or_scripts():
    """The CSP has no 'unsafe-inline': a style="" or an inline script would be refused in the browser."""
    import re

    folder = Settings().templates_dir / "admin"
    for path in folder.glob("*.html"):
        text = path.read_text()
        assert not re.search(r"\sstyle\s*=|<style", text, re.I), path.name
        assert not re.search(r"<script(?![^>]*\ssrc=)", text, re.I), path.name
        assert not re.search(r"\son[a-z]+\s*=", text, re.I), path.name
