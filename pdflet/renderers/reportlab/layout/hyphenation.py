"""``hyphens: auto``: hyphenation points from pyphen's dictionaries (LibreOffice's patterns) by language.

ReportLab's paragraph asks a hyphenator only for a word that does not fit at the end of a line, and takes the
longest head that fits, adding the hyphen itself; this module answers with pyphen's split points. Loading a
dictionary costs milliseconds, so each (language, limits) is loaded once per process. Very long "words"
(a hostile 10 MB string, a base64 blob) are not hyphenated: pyphen's work grows with the word, and
ReportLab splits over-long words anyway.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import lru_cache
from xml.etree.ElementTree import Element

import pyphen
from reportlab.platypus import paragraph as _rl_paragraph

MAX_WORD = 64  # longer words are left to ReportLab's long-word splitting
_APOSTROPHES = "'\u2019"
# ReportLab offers a word to the hyphenator only when it is letters alone; an elided article or a possessive is
# one word to a browser's hyphenation too (l'interopérabilité → l'interopérabili-té, company's), so letters
# joined by an apostrophe count as well (a word with an apostrophe went whole to the next line, leaving the
# justified line before it stretched)
_rl_paragraph._hy_letters_pat = re.compile(
    f"^[{_rl_paragraph._hy_letters}]+(?:[{_APOSTROPHES}][{_rl_paragraph._hy_letters}]+)*$"
)
Hyphenator = Callable[[str], Iterator[tuple[str, str]]]


def dictionary_language(lang: str) -> str | None:
    """The pyphen dictionary for a ``lang`` attribute value (``de-CH`` → ``de_CH``, ``en`` → ``en``…)."""
    if not lang or len(lang) > 35:
        return None
    return pyphen.language_fallback(lang.replace("-", "_"))


@lru_cache(maxsize=64)
def hyphenator(language: str, left: int = 2, right: int = 2) -> Hyphenator:
    """A ReportLab hyphenator: ``word -> (head, tail)`` pairs, longest head first."""
    dictionary = pyphen.Pyphen(lang=language, left=left, right=right)

    def pairs(word: str) -> Iterator[tuple[str, str]]:
        if len(word) > MAX_WORD:
            return iter(())
        return dictionary.iterate(word)

    return pairs


def element_language(element: Element, parents: dict[Element, Element], cache: dict[Element, str]) -> str:
    """The language of ``element``: its own ``lang`` (or ``xml:lang``) or its nearest ancestor's."""
    chain = []
    current: Element | None = element
    language = ""
    while current is not None:
        if current in cache:
            language = cache[current]
            break
        chain.append(current)
        own = current.get("lang") or current.get("xml:lang")
        if own is not None:
            language = own.strip()
            break
        current = parents.get(current)
    for item in chain:
        cache[item] = language
    return language
