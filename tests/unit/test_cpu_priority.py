"""Who yields the CPU: tenants refused for their cap lately, and only while another tenant renders."""

from __future__ import annotations

import pytest

from pdflet.config import Settings, SettingsError
from pdflet.services.cpu_priority import OVER_SHARE_SECONDS, InFlight, OverShare


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
    tenants = InFlight()
    assert not tenants.others("user:1")
    tenants.add("user:1")
    tenants.add("user:1")
    assert not tenants.others("user:1") and tenants.others("user:2")
    tenants.add("user:2")
    assert tenants.others("user:1")
    tenants.remove("user:2")
    tenants.remove("user:1")
    assert not tenants.others("user:1")
    tenants.remove("user:1")
    assert not tenants.others("user:1") and not tenants.others("user:2")


@pytest.mark.parametrize(("raw", "value"), [(None, 10), ("0", 0), ("19", 19), ("40", 19)])
def test_fair_nice_setting(raw, value):
    env = {} if raw is None else {"PDFLET_FAIR_NICE": raw}
    assert Settings.from_env(env).fair_nice == value


def test_a_negative_fair_nice_is_refused():
    with pytest.raises(SettingsError, match="PDFLET_FAIR_NICE"):
        Settings.from_env({"PDFLET_FAIR_NICE": "-5"})
