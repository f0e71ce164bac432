"""Tables of contents: ``target-counter(attr(href), page)`` and ``leader()``."""

from __future__ import annotations

import time

TOC_CSS = (
    ".toc a::after { content: leader('.') target-counter(attr(href), page) }"
    " h2 { break-before: page } ul { list-style: none }"
)


def _toc(chapters: list[int], css: str = TOC_CSS, entry: str = "Chapter {i}") -> str:
    links = "".join(f"<li><a href='#c{i}'>{entry.format(i=i)}</a></li>" for i in range(1, len(chapters) + 1))
    body = "".join(f"<h2 id='c{i}'>Heading {i}</h2>" + "<p>text</p>" * n for i, n in enumerate(chapters, 1))
    return f"<style>{css}</style><h1>Contents</h1><ul class='toc'>{links}</ul>{body}"


def _numbers(doc) -> dict[str, str]:
    """Each TOC entry's text and the number at the right end of its line."""
    words = doc.pages[0].extract_words()
    rows: dict[float, list] = {}
    for word in words:
        rows.setdefault(round(word["bottom"]), []).append(word)
    out = {}
    for row in rows.values():
        if row[0]["text"] == "Chapter":
            out[f"{row[0]['text']} {row[1]['text']}"] = row[-1]
    return out


def _page_of(doc, text: str) -> int:
    return next(i for i, page in enumerate(doc.pages, 1) if text in (page.extract_text() or ""))


def test_toc_numbers_are_the_pages_of_the_targets(pdf):
    doc = pdf(_toc([5, 80, 200]))
    numbers = _numbers(doc)
    for i in (1, 2, 3):
        assert numbers[f"Chapter {i}"]["text"] == str(_page_of(doc, f"Heading {i}"))
    assert [n["text"] for n in numbers.values()] != ["2", "3", "4"]  # long chapters: not just one page each


def test_leaders_fill_the_line_and_numbers_align_right(pdf):
    doc = pdf(_toc([1, 1]))
    words = doc.pages[0].extract_words()
    dots = [w for w in words if set(w["text"]) == {"."}]
    assert len(dots) == 2 and all(len(w["text"]) > 50 for w in dots)
    numbers = list(_numbers(doc).values())
    right = doc.pages[0].width - 28.8 - 6  # the page's right margin, the body's
    assert all(abs(n["x1"] - right) < 1 for n in numbers)
    assert dots[0]["x0"] == dots[1]["x0"] or abs(dots[0]["x0"] - dots[1]["x0"]) % 1 < 1e-6
    baseline = next(w for w in words if w["text"] == "Chapter")["bottom"]
    assert abs(numbers[0]["bottom"] - baseline) < 0.5  # the number sits on the entry's baseline


def test_counter_styles_restarts_and_missing_targets(pdf):
    css = TOC_CSS.replace("page) }", "page, lower-roman) }") + " .again { counter-reset: page 1 }"
    doc = pdf(_toc([1, 1], css=css).replace("<h2 id='c2'", "<h2 class='again' id='c2'"))
    assert [n["text"] for n in _numbers(doc).values()] == ["ii", "i"]
    missing = pdf(f"<style>{TOC_CSS}</style><ul class='toc'><li><a href='#nowhere'>Chapter 9</a></li></ul>")
    assert "0" not in (missing.pages[0].extract_text() or "")


def test_leader_strings_and_entries_that_wrap(pdf):
    css = TOC_CSS.replace("leader('.')", "leader('-')")
    long_entry = "Chapter {i} " + "with a very long title " * 6
    doc = pdf(_toc([1], css=css, entry=long_entry))
    lines = (doc.pages[0].extract_text() or "").splitlines()
    entry_lines = [line for line in lines if "title" in line or "---" in line]
    assert len(entry_lines) >= 2 and entry_lines[-1].rstrip().endswith("2")
    assert "---" in entry_lines[-1]


def test_a_target_counter_to_itself_and_many_entries_stay_bounded(pdf):
    started = time.monotonic()
    doc = pdf(f"<style>{TOC_CSS}</style><ul class='toc'><li><a id='me' href='#me'>Chapter 1</a></li></ul>")
    assert "1" in (doc.pages[0].extract_text() or "")
    pdf(_toc([1] * 300))
    assert time.monotonic() - started < 30
