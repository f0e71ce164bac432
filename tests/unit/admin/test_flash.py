"""One-time messages in a cookie: for their own browser session only, and never trusted blindly."""

import json

from pdflet.admin.flash import Flash, decode, encode


def test_round_trip_for_the_same_session():
    raw = encode("s1", [Flash("ok", "Key created.", reveal="r" * 43, key_name="prod")])
    assert decode(raw, "s1") == [Flash("ok", "Key created.", "r" * 43, "prod")]


def test_another_session_sees_nothing():
    assert decode(encode("s1", [Flash("ok", "hi")]), "s2") == []


def test_malformed_payloads_are_ignored():
    for raw in (None, b"", b"not json", b"[]", b'{"sid": "s1"}', b'{"sid": "s1", "items": {}}'):
        assert decode(raw, "s1") == []
    items = [{"kind": "evil", "text": "x"}, {"kind": "ok", "text": 5}, {"kind": "ok", "text": "y", "reveal": 7}]
    assert decode(json.dumps({"sid": "s1", "items": items}), "s1") == [Flash("ok", "y")]


def test_at_most_five_are_kept():
    raw = encode("s1", [Flash("ok", str(n)) for n in range(8)])
    assert [f.text for f in decode(raw, "s1")] == ["3", "4", "5", "6", "7"]
