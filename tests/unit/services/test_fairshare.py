"""Fair sharing: per-name caps on renders in flight and the round-robin queue between tenants."""

from __future__ import annotations

from pdflet.services.fairshare import FairQueue, Shares


def test_shares_refuse_the_first_name_at_its_cap_and_forget_idle_names():
    shares = Shares(2)
    names = ("key:1", "user:1")
    assert shares.full(names) is None
    shares.add(names)
    shares.add(("key:2", "user:1"))  # another key of the same user
    assert shares.full(("key:3", "user:1")) == "user:1"
    assert shares.full(names) == "user:1"  # key:1 has room, its user has not
    shares.remove(names)
    assert shares.full(names) is None
    shares.remove(("key:2", "user:1"))
    assert shares.count("user:1") == 0 and not shares._counts


def test_a_cap_of_zero_means_no_cap():
    shares = Shares(0)
    for _ in range(100):
        shares.add(("key:1",))
    assert shares.full(("key:1",)) is None


def test_one_tenants_backlog_waits_behind_others_single_jobs():
    queue: FairQueue[str] = FairQueue()
    for i in range(5):
        queue.push("flood", f"f{i}")
    queue.push("alice", "a0")
    queue.push("bob", "b0")
    order = [queue.pop() for _ in range(len(queue))]
    assert order[:4] == ["f0", "a0", "b0", "f1"]
    assert order[4:] == ["f2", "f3", "f4"]
    assert queue.pop() is None


def test_a_retry_goes_first_in_its_fifo_and_discard_drops_a_queued_job():
    queue: FairQueue[str] = FairQueue()
    queue.push("t", "second")
    queue.push("t", "first", front=True)
    queue.push("u", "gone")
    assert queue.discard("u", "gone") and not queue.discard("u", "gone")
    assert len(queue) == 2
    assert [queue.pop(), queue.pop()] == ["first", "second"]


def test_the_tenant_with_fewer_renders_running_goes_first():
    queue: FairQueue[str] = FairQueue()
    queue.push("flood", "f1")
    queue.push("flood", "f2")
    queue.push("alice", "a0")
    running = {"flood": 1}
    assert queue.pop(lambda t: running.get(t, 0)) == "a0"
    assert queue.pop(lambda t: running.get(t, 0)) == "f1"


def test_a_tenant_just_served_waits_for_one_never_served():
    queue: FairQueue[str] = FairQueue()
    queue.push("flood", "f0")
    assert queue.pop() == "f0"  # its fifo is empty now, but its turn is remembered
    queue.push("flood", "f1")
    queue.push("alice", "a0")
    assert queue.pop() == "a0"
