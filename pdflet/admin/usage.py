"""The usage page: requests, pages and bytes per day and per key, with an SVG bar chart."""

from __future__ import annotations

from pdflet.admin.base import AdminHandler
from pdflet.admin.chart import bar_chart
from pdflet.services.usage_report import usage_report

PERIODS = (7, 30, 90)


class UsageHandler(AdminHandler):
    nav = "usage"
    route_name = "admin_usage"

    def get(self) -> None:
        raw = self.get_query_argument("days", "30")
        days = int(raw) if raw.isdigit() and int(raw) in PERIODS else 30
        report = usage_report(self.current_user, days)
        points = [(d.isoformat(), t.requests) for d, t in sorted(report.daily.items())]
        charts = {  # the narrow one keeps its labels legible on a phone instead of shrinking them
            "wide": bar_chart(points, width=720, height=220, max_labels=8),
            "narrow": bar_chart(points, width=360, height=200, max_labels=4),
        }
        self.render_page("usage.html", "_usage_report.html", report=report, charts=charts, periods=PERIODS)
