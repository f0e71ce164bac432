"""The usage page: requests, pages and bytes per day and per key, with an SVG bar chart."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from pdflet.admin.base import AdminHandler
from pdflet.admin.chart import bar_chart
from pdflet.db.models import utcnow
from pdflet.services.usage import UsageRow, usage_for

PERIODS = (7, 30, 90)


@dataclass
class Totals:
    name: str = ""
    key_display: str = ""
    requests: int = 0
    pages: int = 0
    bytes: int = 0

    def add(self, row: UsageRow) -> None:
        self.requests += row.requests
        self.pages += row.pages
        self.bytes += row.bytes


@dataclass
class UsageReport:
    days: int
    rows: list[UsageRow]
    daily: dict[dt.date, Totals] = field(default_factory=dict)
    by_key: list[Totals] = field(default_factory=list)
    total: Totals = field(default_factory=Totals)


def build_report(rows: list[UsageRow], days: int, today: dt.date) -> UsageReport:
    """Every day of the period (empty days too, so gaps show in the chart), plus per-key totals."""
    report = UsageReport(days, rows)
    report.daily = {today - dt.timedelta(days=n): Totals() for n in range(days - 1, -1, -1)}
    keys: dict[int, Totals] = defaultdict(Totals)
    for row in rows:
        report.daily.setdefault(row.day, Totals()).add(row)
        keys[row.key_id].name = row.key_name
        keys[row.key_id].key_display = row.key_display
        keys[row.key_id].add(row)
        report.total.add(row)
    report.by_key = sorted(keys.values(), key=lambda t: -t.requests)
    return report


class UsageHandler(AdminHandler):
    nav = "usage"
    route_name = "admin_usage"

    def get(self) -> None:
        raw = self.get_query_argument("days", "30")
        days = int(raw) if raw.isdigit() and int(raw) in PERIODS else 30
        report = build_report(usage_for(self.current_user, days), days, utcnow().date())
        points = [(d.isoformat(), t.requests) for d, t in sorted(report.daily.items())]
        charts = {  # the narrow one keeps its labels legible on a phone instead of shrinking them
            "wide": bar_chart(points, width=720, height=220, max_labels=8),
            "narrow": bar_chart(points, width=360, height=200, max_labels=4),
        }
        self.render_page("usage.html", "_usage_report.html", report=report, charts=charts, periods=PERIODS)
