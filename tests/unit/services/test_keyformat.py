import zlib

import pytest

from pdflet.services.keyformat import ALPHABET, checksum, display_parts, generate_key, key_digest, parse_key


def test_generated_keys_follow_the_contract():
    for mode in ("live", "test"):
        key = generate_key(mode)
        assert key.startswith(f"pk_{mode}_") and len(key) == 8 + 32
        assert set(key[8:]) <= set(ALPHABET)
        assert parse_key(key) == mode


def test_checksum_is_crc32_mod_36_pow_6_in_base36():
    body = "a1b2c3d4e5f6g7h8i9j0k1l2m3"
    value = zlib.crc32(body.encode()) % 36**6
    expected = ""
    for _ in range(6):
        value, rest = divmod(value, 36)
        expected = ALPHABET[rest] + expected
    assert checksum(body) == expected
    assert parse_key(f"pk_live_{body}{expected}") == "live"


def test_checksum_is_zero_padded():
    # find a body whose checksum has a leading zero digit
    for i in range(100000):
        body = f"{i:026d}"
        if checksum(body).startswith("0"):
            assert len(checksum(body)) == 6
            return
    pytest.fail("no zero-padded checksum found")


@pytest.mark.parametrize("bad", ["", "pk_live_", "pk_prod_" + "a" * 32, "pk_live_" + "a" * 31, "PK_LIVE_" + "a" * 32])
def test_malformed(bad):
    assert parse_key(bad) is None


def test_one_typo_is_caught():
    key = generate_key()
    for i in range(8, len(key)):
        typo = key[:i] + ("a" if key[i] != "a" else "b") + key[i + 1:]
        assert parse_key(typo) is None


def test_digest_and_display():
    key = generate_key()
    assert len(key_digest(key)) == 64 and key not in key_digest(key)
    assert display_parts(key) == (key[:12], key[-4:])


@pytest.mark.parametrize(("raw", "expected"), [
    ("1", 1), (42, 42), ("9223372036854775807", 2**63 - 1), ("9223372036854775808", None), ("9" * 23, None),
    ("0", None), ("-1", None), ("1.5", None), ("abc", None), ("", None), ("١٢", None), (None, None),
])
def test_row_ids_from_urls(raw, expected):
    from pdflet.db.ids import row_id

    assert row_id(raw) == expected
