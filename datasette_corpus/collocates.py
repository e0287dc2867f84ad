"""Collocates (``/-/collocates``): the words near a word or phrase more
often than chance (``ingest/collocation.py``)."""
from __future__ import annotations

import sqlite3
from functools import cache
from urllib.parse import urlencode

from datasette import Response

from ingest import collocation

from .concordance import bounded, csv_download, kept, kwic_lines
from .db import corpus_database
from .search import WORDS_RE, fold, lexicon_of

#: The span of a collocate, in words each side: 5 by default, as AntConc and TXM.
DEFAULT_SPAN, MAX_SPAN = 5, 10
#: Characters of context read per word of span: enough for the span's words.
CHARS_PER_WORD = 20
#: The orders a collocates table offers: log-likelihood, mutual information, frequency.
COLLOCATE_SORTS = {"ll": "ll", "mi": "mi", "freq": "observed"}
COLLOCATE_COLUMNS = ["collocate", "observed", "left", "right", "corpus", "expected", "mi", "ll", "concordance"]


@cache
def function_words() -> frozenset:
    """French function words (spaCy's list), folded: left out of a
    collocates table unless asked for, as they stand near every word."""
    from spacy.lang.fr.stop_words import STOP_WORDS
    return frozenset(fold(w) for w in STOP_WORDS)


def collocate_table(conn: sqlite3.Connection, q: str, exact: bool, span: int, min_count: int,
                    with_function_words: bool = False) -> tuple[list[dict], int, bool]:
    """``_collocate_table``, ``kept``."""
    return kept(conn, _collocate_table, q, exact, span, min_count, with_function_words)


def _collocate_table(conn: sqlite3.Connection, q: str, exact: bool, span: int, min_count: int,
                     with_function_words: bool = False) -> tuple[list[dict], int, bool]:
    """The collocates of ``q`` within ``span`` words (``collocation.collocates``
    over the concordance's lines), how many occurrences they come from, and
    whether those were cut short. Runs in a SQL thread."""
    lines, cut = kwic_lines(conn, q, exact, span * CHARS_PER_WORD)
    lexicon = lexicon_of(conn)
    contexts = [collocation.window_words(WORDS_RE.findall(fold(line["left"])), WORDS_RE.findall(fold(line["right"])),
                                         span) for line in lines]
    node = {w for line in lines for w in WORDS_RE.findall(fold(line["match"]))}
    rows = collocation.collocates(contexts, lexicon.counts, lexicon.total, node, min_count)
    if not with_function_words:
        rows = [r for r in rows if r["collocate"] not in function_words()]
    return rows, len(lines), cut


async def collocates(request, datasette):
    """The words found within ``span`` words of a word or phrase more often
    than chance would have them, with their log-likelihood and mutual
    information; each links to its own concordance. CSV and JSON too."""
    db = corpus_database(datasette)
    q = request.args.get("q", "")
    exact = request.args.get("lemma") != "1"
    span = bounded(request.args.get("span"), 1, MAX_SPAN, DEFAULT_SPAN)
    min_count = bounded(request.args.get("min"), 1, 1000, 3)
    order = COLLOCATE_SORTS.get(request.args.get("sort", ""), "ll")
    everything = request.args.get("function_words") == "1"
    rows, occurrences, cut = await db.execute_fn(
        lambda conn: collocate_table(conn, q, exact, span, min_count, everything)) if q.strip() else ([], 0, False)
    rows = sorted((dict(r) for r in rows), key=lambda r: (-r[order], r["collocate"]))
    origin = f"{request.scheme}://{request.host}"
    for r in rows:
        r["concordance"] = origin + "/-/concordance?" + urlencode({"q": r["collocate"], "window": 120})
    fmt = request.args.get("_format")
    if fmt == "json":
        return Response.json({"q": q, "exact": exact, "span": span, "min": min_count, "occurrences": occurrences,
                              "truncated": cut, "rows": rows})
    if fmt == "csv":
        return csv_download(rows, COLLOCATE_COLUMNS, "collocates.csv")
    args = {k: request.args.get(k) for k in request.args.keys()}
    return Response.html(await datasette.render_template("collocates.html", {
        "q": q, "exact": exact, "span": span, "min_count": min_count, "rows": rows, "occurrences": occurrences,
        "everything": everything,
        "cut": cut, "order": order, "max_span": MAX_SPAN,
        "with_arg": lambda name, value: "?" + urlencode({**args, name: value})}, request=request))
