import pytest

from pdflet.errors import InvalidRequest
from pdflet.renderers.options import PAGE_SIZES, PageOptions, parse_margin, parse_options, parse_page_size


def test_named_sizes():
    assert tuple(round(v) for v in parse_page_size("A4")) == (595, 842)
    assert parse_page_size("letter") == (612.0, 792.0)
    assert tuple(round(v) for v in parse_page_size("a5")) == (420, 595)
    assert tuple(round(v) for v in PAGE_SIZES["a3"]) == (842, 1191)


def test_length_sizes():
    assert tuple(round(v) for v in parse_page_size("210mm 297mm")) == (595, 842)
    assert parse_page_size("8.5in 11in") == (612.0, 792.0)
    assert parse_page_size("5in") == (360.0, 360.0)


@pytest.mark.parametrize("bad", ["", "A99", "10mm", "1e400mm 1mm", "-210mm 297mm", "210 297", "A4 A5", 12, None,
                                 "nanmm 10mm", "300in 10in"])
def test_bad_sizes(bad):
    with pytest.raises(InvalidRequest):
        parse_page_size(bad)


def test_margins():
    assert parse_margin("1in") == (72, 72, 72, 72)
    assert parse_margin("1in 2in") == (72, 144, 72, 144)
    assert parse_margin("1in 2in 3in") == (72, 144, 216, 144)
    assert parse_margin("1in 2in 3in 4in") == (72, 144, 216, 288)
    assert parse_margin("0") == (0, 0, 0, 0)


@pytest.mark.parametrize("bad", ["", "1in 1in 1in 1in 1in", "-1mm", "5", "1 furlong", [], "10000in"])
def test_bad_margins(bad):
    with pytest.raises(InvalidRequest):
        parse_margin(bad)


def test_parse_options_names_unknown_keys_and_passes_plugin_options():
    with pytest.raises(InvalidRequest, match="page_sise"):
        parse_options({"page_sise": "A4"})
    options, extra = parse_options({"page_size": "A4", "stamp": {"text": "X"}}, {"stamp": "pdflet-stamp"})
    assert options.page_size is not None and extra == {"stamp": {"text": "X"}}
    assert parse_options(None) == (PageOptions(), {})


def test_orientation():
    opts = PageOptions(orientation="landscape")
    assert opts.oriented((595, 842)) == (842, 595)
    assert PageOptions(orientation="portrait").oriented((842, 595)) == (595, 842)
    assert PageOptions().oriented((842, 595)) == (842, 595)
    with pytest.raises(InvalidRequest):
        parse_options({"orientation": "upside-down"})
