"""Folding: the one way the project compares text without case or accents.

A reader types "e-reputation" for "E-réputation", a page writes "Societe
Generale" for "Société Générale", an interview labels its speaker "Q." or
"q": the same text to a reader, not to Python. Every comparison of that kind
(names, speaker labels, cues, the search box, the reading view's LIKE) goes
through this module, in one of three forms of the same folding:

* ``fold(text)`` — lower case, accents dropped, the typographic apostrophe
  as "'"; punctuation and spacing kept. For substring tests, and the SQL
  function ``fold`` of the published database.
* ``fold_aligned(text)`` — the same, one character for one character, so
  that an offset into it is an offset into ``text``: a pattern runs on the
  folded text and its match cuts the original.
* ``key(text)`` — the words of ``fold(text)`` joined by one space: the key
  under which names, labels, cues and lexicon entries are compared.

The work is C-level (``normalize``, ``sub``, ``lower``): the plugin calls
``fold`` on whole documents inside SQL, where a loop per character ran past
the time limit.
"""
from __future__ import annotations

import re
import unicodedata

#: The blocks of combining diacritical marks that NFKD splits off Latin,
#: Greek and Cyrillic letters ("é" → "e" + U+0301).
COMBINING_RE = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")
WORD_RE = re.compile(r"\w+")
APOSTROPHE = str.maketrans({"’": "'"})


def fold(text: str) -> str:
    """Lower case, without accents, "’" as "'"; everything else kept."""
    return COMBINING_RE.sub("", unicodedata.normalize("NFKD", text.translate(APOSTROPHE))).lower()


class _AlignedTable(dict):
    """``str.translate`` table of ``fold_aligned``, filled as characters are
    met: a character whose folding is not one character ("ﬁ", "İ", a lone
    combining accent) maps to itself."""

    def __missing__(self, code: int) -> str:
        c = chr(code)
        folded = fold(c)
        self[code] = folded if len(folded) == 1 else c
        return self[code]


_ALIGNED = _AlignedTable()


def fold_aligned(text: str) -> str:
    """``fold(text)`` character by character, so that offsets are kept."""
    return text.translate(_ALIGNED)


def key(text: str) -> str:
    """The words of ``fold(text)``, joined by one space."""
    return " ".join(WORD_RE.findall(fold(text)))
