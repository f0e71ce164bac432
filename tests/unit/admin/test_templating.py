"""The admin's Jinja environment escapes everything and formats dates and sizes for people."""

import datetime as dt

from pdflet.admin.templating import format_bytes, format_datetime, iso_datetime, make_environment
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
