"""One-time messages and PDF previews: read once, owner only, bounded in age and count."""

from pdflet.admin.state import Flash, FlashStore, Preview, PreviewStore


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_flash_is_read_once_by_its_session():
    store = FlashStore()
    store.add("s1", Flash("ok", "Key created.", secret="pk_live_x"))
    assert store.pop("s2") == []
    assert [f.secret for f in store.pop("s1")] == ["pk_live_x"]
    assert store.pop("s1") == []


def test_a_flash_expires():
    clock = Clock()
    store = FlashStore(ttl=10, clock=clock)
    store.add("s1", Flash("ok", "hi"))
    clock.now = 11
    assert store.pop("s1") == []


def test_previews_are_for_their_owner_and_bounded():
    clock = Clock()
    store = PreviewStore(max_items=2, ttl=60, clock=clock)
    first = store.put(Preview(1, b"%PDF-1", "a.pdf", 1))
    assert store.get(2, first) is None
    assert store.get(1, first).data == b"%PDF-1"
    store.put(Preview(1, b"%PDF-2", "b.pdf", 1))
    store.put(Preview(1, b"%PDF-3", "c.pdf", 1))
    assert store.get(1, first) is None  # the oldest made room
    last = store.put(Preview(1, b"%PDF-4", "d.pdf", 1))
    clock.now = 61
    assert store.get(1, last) is None
