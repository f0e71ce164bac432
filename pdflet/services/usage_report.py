"""The usage report of a user: per day and per key, as ``GET /api/v1/usage/`` and the admin page show it.

One report is built from the metered rows (:func:`pdflet.services.usage.usage_for`); the
API writes it as JSON (:func:`report_json`), the admin draws it. Every day of the period
is in ``daily`` (empty days too, so gaps show in a chart); the JSON lists the days that
have renders, as it always did.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from pdflet.db.models import User, utcnow
from pdflet.services.usage import UsageRow, usage_for

COUNTS = ("requests", "pages", "bytes")


@dataclass
class Totals:
    name: str = ""
    key_display: str = ""
    requests: int = 0
    pages: int = 0
    bytes: int = 0
    key_id: int = 0  # 0: a login (bearer token or browser session), not a key

    def add(self, row: UsageRow) -> None:
        self.requests += row.requests
        self.pages += row.pages
        self.bytes += row.bytes

    def counts(self) -> dict[str, int]:
        return {"requests": self.requests, "pages": self.pages, "bytes": self.bytes}


@dataclass
class UsageReport:
    days: int
    rows: list[UsageRow]
    daily: dict[dt.date, Totals] = field(default_factory=dict)
    by_key: list[Totals] = field(default_factory=list)  # most requests first
    keys_seen: list[Totals] = field(default_factory=list)  # in the rows' order (newest day first)
    total: Totals = field(default_factory=Totals)


def build_report(rows: list[UsageRow], days: int, today: dt.date) -> UsageReport:
    """Every day of the period (empty days too, so gaps show in the chart), plus per-key totals."""
    report = UsageReport(days, rows)
    report.daily = {today - dt.timedelta(days=n): Totals() for n in range(days - 1, -1, -1)}
    keys: dict[int, Totals] = {}
    for row in rows:
        report.daily.setdefault(row.day, Totals()).add(row)
        key = keys.setdefault(row.key_id, Totals(row.key_name, row.key_display, key_id=row.key_id))
        key.add(row)
        report.total.add(row)
    report.keys_seen = list(keys.values())
    report.by_key = sorted(report.keys_seen, key=lambda t: -t.requests)
    return report


def usage_report(user: User, days: int, today: dt.date | None = None) -> UsageReport:
    """The report of ``user``'s last ``days`` days (today included)."""
    return build_report(usage_for(user, days), days, today or utcnow().date())


def report_json(report: UsageReport) -> dict[str, Any]:
    """The API's shape: totals, the days with renders (newest first), each key, and the raw rows."""
    active = {row.day for row in report.rows}
    return {
        "days": report.days,
        "totals": report.total.counts(),
        "daily": [{"date": day.isoformat(), **totals.counts()}
                  for day, totals in sorted(report.daily.items(), reverse=True) if day in active],
        "by_key": [{"key_id": t.key_id or None, "name": t.name, **t.counts()} for t in report.keys_seen],
        "rows": [
            {"date": r.day.isoformat(), "key_id": r.key_id or None, "name": r.key_name,
             "requests": r.requests, "pages": r.pages, "bytes": r.bytes}
            for r in report.rows
        ],
    }
