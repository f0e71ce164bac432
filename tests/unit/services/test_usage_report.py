"""The usage report fills every day of the period, so gaps show as empty bars."""

import datetime as dt

from pdflet.services.usage import UsageRow
from pdflet.services.usage_report import build_report, report_json

TODAY = dt.date(2026, 11, 25)


def test_every_day_is_present_and_keys_are_totalled():
    rows = [
        UsageRow(TODAY, 1, "prod", 3, 6, 300),
        UsageRow(TODAY, 0, "bearer token", 1, 1, 50),
        UsageRow(TODAY - dt.timedelta(days=2), 1, "prod", 2, 2, 100),
    ]
    report = build_report(rows, 7, TODAY)
    days = sorted(report.daily)
    assert len(days) == 7 and days[0] == TODAY - dt.timedelta(days=6) and days[-1] == TODAY
    assert report.daily[TODAY].requests == 4
    assert report.daily[TODAY - dt.timedelta(days=1)].requests == 0
    assert [(t.name, t.requests, t.pages, t.bytes) for t in report.by_key] == [
        ("prod", 5, 8, 400), ("bearer token", 1, 1, 50)]
    assert (report.total.requests, report.total.pages, report.total.bytes) == (6, 9, 450)


def test_a_rotated_pair_is_told_apart_by_prefix():
    rows = [UsageRow(TODAY, 1, "prod", 1, 1, 10, "pk_live_aaaa…1111"),
            UsageRow(TODAY, 2, "prod", 2, 2, 20, "pk_live_bbbb…2222")]
    report = build_report(rows, 7, TODAY)
    assert [(t.name, t.key_display) for t in report.by_key] == [
        ("prod", "pk_live_bbbb…2222"), ("prod", "pk_live_aaaa…1111")]


def test_the_json_lists_days_with_renders_newest_first_and_keys_in_row_order():
    rows = [
        UsageRow(TODAY, 0, "bearer token", 1, 1, 50),
        UsageRow(TODAY, 1, "prod", 3, 6, 300),
        UsageRow(TODAY - dt.timedelta(days=2), 1, "prod", 2, 2, 100),
    ]
    data = report_json(build_report(rows, 7, TODAY))
    assert data["days"] == 7
    assert data["totals"] == {"requests": 6, "pages": 9, "bytes": 450}
    assert [d["date"] for d in data["daily"]] == [TODAY.isoformat(), (TODAY - dt.timedelta(days=2)).isoformat()]
    assert data["daily"][0] == {"date": TODAY.isoformat(), "requests": 4, "pages": 7, "bytes": 350}
    assert data["by_key"] == [
        {"key_id": None, "name": "bearer token", "requests": 1, "pages": 1, "bytes": 50},
        {"key_id": 1, "name": "prod", "requests": 5, "pages": 8, "bytes": 400},
    ]
    assert data["rows"][1] == {"date": TODAY.isoformat(), "key_id": 1, "name": "prod",
                               "requests": 3, "pages": 6, "bytes": 300}
