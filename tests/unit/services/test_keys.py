"""A rotated key's successor is named after it with the day, so the pair is told apart everywhere."""

import datetime as dt

from pdflet.services.keys import MAX_NAME, rotated_name

DAY = dt.date(2026, 12, 7)


def test_the_successor_carries_the_rotation_day():
    assert rotated_name("Production server", DAY) == "Production server (rotated 2026-12-07)"


def test_rotating_again_replaces_the_earlier_day():
    once = rotated_name("nightly", dt.date(2026, 1, 2))
    assert rotated_name(once, DAY) == "nightly (rotated 2026-12-07)"


def test_a_long_name_is_shortened_to_fit():
    name = rotated_name("x" * MAX_NAME, DAY)
    assert len(name) == MAX_NAME and name.endswith(" (rotated 2026-12-07)")


def test_a_name_merely_mentioning_rotation_is_kept():
    assert rotated_name("key (rotated soon)", DAY) == "key (rotated soon) (rotated 2026-12-07)"
