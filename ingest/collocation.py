"""Collocates and relative frequencies: the figures of a concordance.

What a corpus linguist reads beside the lines of a concordance (AntConc's
"Collocates", Sketch Engine's and TXM's cooccurrence tables): the words
found near the node more often than their frequency in the corpus would
have them, and how often the node occurs per year, relative to how much
was written that year. Pure functions over counts; the Datasette plugin
(datasette_corpus/collocates.py) reads the counts from the database.

Scores, after Evert, "The Statistics of Word Cooccurrences" (2005), the
measures AntConc and Sketch Engine print:

* observed ``O``: occurrences of the collocate within ``span`` words left
  or right of the node;
* expected ``E = f(collocate) × window words / corpus words``: how often it
  would stand there if words fell at random;
* ``MI = log2(O / E)`` (pointwise mutual information), which favours rare
  words;
* ``LL`` (log-likelihood, Dunning's G²) over the 2×2 table of the window's
  words and the rest of the corpus, with or without the collocate: how sure
  the attraction is. 3.84 is p < 0.05, 10.83 p < 0.001.
"""
from __future__ import annotations

import math
from collections import Counter

#: The row of a per-year table that gathers the texts without a date, and
#: their ``documents.period`` (a facet on ``year`` would leave them out).
UNDATED = "undated"


def window_words(left: list[str], right: list[str], span: int) -> tuple[list[str], list[str]]:
    """The ``span`` words nearest the node on each side."""
    return (left[-span:] if span else []), right[:span]


def _g2(cells: list[tuple[float, float]]) -> float:
    """Dunning's G² over (observed, expected) cells; an empty cell adds nothing."""
    return 2 * sum(o * math.log(o / e) for o, e in cells if o > 0 and e > 0)


def collocates(contexts: list[tuple[list[str], list[str]]], frequencies: dict[str, int], total: int,
               node: set[str] = frozenset(), min_count: int = 3) -> list[dict]:
    """The words of ``contexts`` ((left words, right words) of each
    occurrence of the node, already cut to the span) with their counts and
    scores, the strongest attraction (log-likelihood) first.

    ``frequencies`` are the corpus counts of each word (folded as the
    contexts are), ``total`` the corpus's count of words; the node's own
    words (``node``) are left out, and so are words the corpus counts do
    not hold (an elided "l'", a number: tokens of another tokenizer than the
    counts'). A word seen fewer than ``min_count`` times near the node is
    left out too: a score of one or two cooccurrences says nothing; and a
    word seen there no more often than chance would have it (G² measures
    repulsion as well as attraction)."""
    left, right = Counter(), Counter()
    for before, after in contexts:
        left.update(before)
        right.update(after)
    slots = sum(left.values()) + sum(right.values())  # the words of all windows
    rows = []
    for word in set(left) | set(right):
        observed = left[word] + right[word]
        corpus = frequencies.get(word, 0)
        if word in node or observed < min_count or corpus < observed:
            continue
        expected = corpus * slots / total if total else 0.0
        if expected <= 0 or observed <= expected:
            continue  # no attraction: as often as chance would have it, or less
        outside = total - slots
        # The 2×2 table: in the windows or not, the collocate or another word.
        cells = [(observed, expected),
                 (slots - observed, slots - expected),
                 (corpus - observed, corpus * outside / total),
                 (outside - (corpus - observed), outside * (total - corpus) / total)]
        rows.append({"collocate": word, "observed": observed, "left": left[word], "right": right[word],
                     "corpus": corpus, "expected": round(expected, 3),
                     "mi": round(math.log2(observed / expected), 3), "ll": round(_g2(cells), 3)})
    return sorted(rows, key=lambda r: (-r["ll"], -r["observed"], r["collocate"]))


def per_year(hits: Counter, words: dict) -> list[dict]:
    """Occurrences per year and per 10,000 words written that year, the
    years in order and the texts without a date in an ``UNDATED`` row of
    their own (``hits`` and ``words`` key them None): a year of few texts
    neither hides nor swells a word's use."""
    years = sorted({y for y in list(hits) + list(words) if y is not None})
    rows = []
    for year in years + ([None] if None in hits or None in words else []):
        n, size = hits.get(year, 0), words.get(year, 0)
        rows.append({"year": UNDATED if year is None else year, "occurrences": n, "words": size,
                     "per_10000_words": round(n * 10000 / size, 2) if size else None})
    return rows
