"""Who yields the CPU: tenants refused for their cap lately, and only while another tenant renders."""

from __future__ import annotations

import pytest

from pdflet.config import Settings, SettingsError
from pdflet.services.cpu_priority import OVER_SHARE_SECONDS, RECENT_SECONDS, InFlight, OverShare


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_tenant_refused_lately_is_over_its_share_for_the_window_only():
    clock = Clock()
    share = OverShare(clock=clock)
    assert not share.over("user:1")
    share.refused("user:1")
    assert share.over("user:1") and not share.over("user:2")
    clock.now += OVER_SHARE_SECONDS - 0.01
    assert share.over("user:1")
    clock.now += 0.02
    assert not share.over("user:1")


def test_forgotten_refusals_keep_the_memory_bounded():
    clock = Clock()
    share = OverShare(clock=clock)
    share.MAX_REMEMBERED = 10
    for n in range(10):
        share.refused(f"user:{n}")
    clock.now += OVER_SHARE_SECONDS + 1
    share.refused("user:new")
    assert list(share._refused) == ["user:new"]


def test_others_in_flight():
    clock = Clock()
    tenants = InFlight(clock=clock)
    assert not tenants.others("user:1")
    tenants.add("user:1")
    tenants.add("user:1")
    assert not tenants.others("user:1") and tenants.others("user:2")
    tenants.add("user:2")
    assert tenants.others("user:1")
    tenants.remove("user:1")
    assert tenants.others("user:1")
    clock.now += RECENT_SECONDS * 2
    tenants.remove("user:2")
    tenants.remove("user:1")
    assert tenants.others("user:1")  # user:2 rendered a moment ago: it may well be back at once
    assert tenants.others("user:2") and tenants.others("user:3")
    clock.now += RECENT_SECONDS + 0.01
    assert not tenants.others("user:1") and not tenants.others("user:2")


def test_the_recent_tenants_are_the_latest_two_distinct():
    clock = Clock()
    tenants = InFlight(clock=clock)
    for tenant in ("user:1", "user:2", "user:1", "user:1"):
        tenants.add(tenant)
        tenants.remove(tenant)
    assert [t for t, _ in tenants._last_ended] == ["user:1", "user:2"]
    assert tenants.others("user:1")  # user:2 still counts although user:1 ended twice since


@pytest.mark.parametrize(("raw", "value"), [(None, 10), ("0", 0), ("19", 19), ("40", 19)])
def test_fair_nice_setting(raw, value):
    env = {} if raw is None else {"PDFLET_FAIR_NICE": raw}
    assert Settings.from_env(env).fair_nice == value


def test_a_negative_fair_nice_is_refused():
    with pytest.raises(SettingsError, match="PDFLET_FAIR_NICE"):
        Settings.from_env({"PDFLET_FAIR_NICE": "-5"})
