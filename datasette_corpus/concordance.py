"""The concordance (``/-/concordance``): every occurrence of a word or
phrase with its context aligned, sortable by the words around it, faceted,
counted per year; kept computed per database state."""
from __future__ import annotations

import csv
import io
import re
import sqlite3
from collections import Counter, OrderedDict
from urllib.parse import urlencode

from datasette import Response

from ingest import collocation

from .db import corpus_database
from .reading import place_link
from .search import NO_LEXICON, WORDS_RE, Lexicon, database_stamp, fold, fts_query, lexicon_of

#: Characters of context on each side of an occurrence, and the bounds of
#: the window a reader may ask for (``window``).
CONTEXT_CHARS = 70
MIN_WINDOW, MAX_WINDOW = 20, 400
#: Bounds on one concordance: texts read, lines kept.
MAX_TEXTS = 2000
MAX_LINES = 5000
#: Lines a concordance's page shows; its counts, facets, CSV and JSON take them all.
PAGE_LINES = 500
#: Accented letters each base letter of a folded form stands for, so that the
#: texts are searched as written (their offsets stay those of the database).
ACCENTED = {"a": "aàâä", "c": "cç", "e": "eéèêë", "i": "iîï", "o": "oôö", "u": "uùûü", "y": "yÿ"}
FACETS = ("year", "genre", "site", "speaker", "topic")


def occurrence_regex(q: str, lexicon: Lexicon, exact: bool = False) -> re.Pattern | None:
    """What a concordance of ``q`` looks for in the texts: its words in a
    row (any punctuation or space between), case aside; ``exact``, each as
    typed, accents included ("a" is not "à", "ou" not "où"); else each in
    any of its forms in the corpus, accents aside. A trailing "*" makes the
    last word a prefix."""
    words = WORDS_RE.findall(q.lower() if exact else fold(q))
    if not words:
        return None
    prefix = q.strip().endswith("*")

    def pattern(form: str) -> str:
        if exact:
            return re.escape(form)
        return "".join(f"[{ACCENTED[c]}]" if c in ACCENTED else re.escape(c) for c in form)

    parts = []
    for i, word in enumerate(words):
        forms = [word] if exact or (prefix and i == len(words) - 1) else lexicon.forms_of(word)
        parts.append("(?:" + "|".join(pattern(f) for f in sorted(forms, key=len, reverse=True)) + ")")
    return re.compile(r"(?<!\w)" + r"\W+".join(parts) + (r"\w*" if prefix else "") + r"(?!\w)", re.IGNORECASE)


#: How many concordances and collocates tables are kept computed, per
#: database file: a reader pages, sorts, filters, downloads and asks for
#: the collocates of the same query, each a request of its own.
KEPT_RESULTS = 32
KEPT: OrderedDict = OrderedDict()


def kept(conn: sqlite3.Connection, compute, *args):
    """``compute(conn, *args)``, kept for the database file's present state
    (the ``KEPT_RESULTS`` last asked): a rebuilt file is read again. The
    result is shared: callers copy what they change."""
    stamp = database_stamp(conn)
    if stamp is None:
        return compute(conn, *args)
    key = (stamp, compute.__name__, *args)
    if key in KEPT:
        KEPT.move_to_end(key)
    else:
        KEPT[key] = compute(conn, *args)
        while len(KEPT) > KEPT_RESULTS:
            KEPT.popitem(last=False)
    return KEPT[key]


def kwic_lines(conn: sqlite3.Connection, q: str, exact: bool = False,
               window: int = CONTEXT_CHARS) -> tuple[list[dict], bool]:
    """``_kwic_lines``, ``kept``."""
    return kept(conn, _kwic_lines, q, exact, window)


def _kwic_lines(conn: sqlite3.Connection, q: str, exact: bool = False,
                window: int = CONTEXT_CHARS) -> tuple[list[dict], bool]:
    """Every occurrence of ``q`` in the documents and comments, with
    ``window`` characters of context each side, its document, date, genre,
    site and (inside a claim) speaker and topic; and whether the bounds cut
    the list short. Runs in a SQL thread."""
    lexicon = NO_LEXICON if exact else lexicon_of(conn)
    regex = occurrence_regex(q, lexicon, exact)
    if regex is None:
        return [], False
    query = fts_query(q, lexicon)  # a superset of the occurrences: the regex decides
    texts = conn.execute("""
        select d.id, null as comment, d.text, d.published, d.year, d.genre, d.site from documents_fts f
          join documents d on d.rowid = f.rowid where documents_fts match :q
        union all
        select d.id, c.position, c.text, d.published, d.year, d.genre, d.site from comments_fts f
          join comments c on c.id = f.rowid join documents d on d.id = c.document_id where comments_fts match :q
        order by 4, 1, 2 limit :n""", {"q": query, "n": MAX_TEXTS + 1}).fetchall()
    cut = len(texts) > MAX_TEXTS
    lines = []
    for doc_id, comment, text, published, year, genre, site in texts[:MAX_TEXTS]:
        found = list(regex.finditer(text))
        if not found:
            continue
        claims = conn.execute("""
            select c.start, c."end", p.name, c.topic from claims c left join people p on p.id = c.person_id
            left join comments k on k.id = c.comment_id
            where c.document_id = :d and coalesce(k.position, -1) = coalesce(:c, -1) order by c.start""",
                              {"d": doc_id, "c": comment}).fetchall()
        for m in found:
            speaker, topic = next(((name, t) for s, e, name, t in claims if s <= m.start() < e), (None, None))
            left = " ".join(text[max(0, m.start() - window):m.start()].split())
            right = " ".join(text[m.end():m.end() + window].split())
            lines.append({"document_id": doc_id, "comment": comment, "published": published, "year": year,
                          "genre": genre, "site": site, "speaker": speaker, "topic": topic, "left": left,
                          "match": m.group(), "right": right, "start": m.start(), "end": m.end()})
            if len(lines) >= MAX_LINES:
                return lines, True
    return lines, cut


#: The sorts a concordance offers: the 1st to 3rd word left (L1–L3) or right
#: (R1–R3) of the match, as AntConc and TXM sort; "left" and "right" are L1 and R1.
SORTS = {"L1": ("left", 1), "L2": ("left", 2), "L3": ("left", 3),
         "R1": ("right", 1), "R2": ("right", 2), "R3": ("right", 3), "left": ("left", 1), "right": ("right", 1)}


def _sort_key(how: str):
    """The key that sorts lines by their ``how`` word (``SORTS``), then by the
    words after it outward, then by date; None for the document order."""
    if how not in SORTS:
        return None
    side, nth = SORTS[how]

    def key(line):
        words = WORDS_RE.findall(fold(line[side]))
        outward = words[::-1][nth - 1:] if side == "left" else words[nth - 1:]
        return outward[:3], line["published"] or "", line["document_id"]
    return key


def csv_download(rows: list[dict], columns: list[str], filename: str) -> Response:
    """``rows`` as a CSV file of ``columns`` to download."""
    out = io.StringIO()
    writer = csv.DictWriter(out, columns, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return Response(out.getvalue(), content_type="text/csv; charset=utf-8",
                    headers={"content-disposition": f'attachment; filename="{filename}"'})


#: The columns of a concordance's CSV and JSON, in order.
KWIC_COLUMNS = ["document_id", "comment", "published", "year", "genre", "site", "speaker", "topic", "left",
                "match", "right", "start", "end", "link"]


def bounded(value: str | None, low: int, high: int, default: int) -> int:
    """A number a reader asked for, within the bounds; ``default`` when none is given."""
    try:
        return min(high, max(low, int(value)))
    except (TypeError, ValueError):
        return default


def _window(value: str | None) -> int:
    """The context a reader asked for, in characters, within the bounds."""
    return bounded(value, MIN_WINDOW, MAX_WINDOW, CONTEXT_CHARS)


def _words_per_year(conn: sqlite3.Connection) -> dict:
    """The words of the documents' texts (``word_count``) per year, None for the undated."""
    return dict(conn.execute("select year, sum(word_count) from documents group by year").fetchall())


def year_table(lines: list[dict], words: dict) -> list[dict]:
    """Occurrences per year in the documents' texts, per 10,000 of their
    words, with the undated texts apart (``collocation.per_year``). Comments
    are left out: they are counted in no year's words."""
    return collocation.per_year(Counter(line["year"] for line in lines if line["comment"] is None), words)


async def concordance(request, datasette):
    """Keyword in context: every occurrence of a word or phrase as typed
    (accents included), or with ``lemma=1`` of any form of its words, its
    left and right context aligned (``window`` characters), with the forms
    it matched, facets, sorting, CSV and JSON (absolute links)."""
    db = corpus_database(datasette)
    base = datasette.urls.database(db.name)
    q = request.args.get("q", "")
    exact = request.args.get("lemma") != "1"
    window = _window(request.args.get("window"))
    lines, cut = await db.execute_fn(lambda conn: kwic_lines(conn, q, exact, window)) if q.strip() else ([], False)
    words = await db.execute_fn(_words_per_year) if lines else {}
    chosen = {f: request.args.get(f) for f in FACETS if request.args.get(f)}
    lines = [dict(line) for line in lines if all(str(line[f]) == v for f, v in chosen.items())]
    key = _sort_key(request.args.get("sort", ""))
    if key:
        lines.sort(key=key)
    origin = f"{request.scheme}://{request.host}"
    for line in lines:
        line["link"] = origin + place_link(base, line["document_id"], line["start"], line["end"], line["comment"])
    fmt = request.args.get("_format")
    if fmt == "json":
        return Response.json({"q": q, "exact": exact, "window": window, "truncated": cut,
                              "rows": [{c: line[c] for c in KWIC_COLUMNS} for line in lines]})
    if fmt == "csv":
        return csv_download(lines, KWIC_COLUMNS, "concordance.csv")
    # The undated lines are a bucket of the year facet ("None", shown as "undated"), not left out.
    facets = {f: Counter(str(line[f]) for line in lines if line[f] is not None or f == "year").most_common(30)
              for f in FACETS}
    forms = Counter(line["match"].lower() for line in lines).most_common()
    args = {k: request.args.get(k) for k in request.args.keys()}
    return Response.html(await datasette.render_template("concordance.html", {
        "q": q, "exact": exact, "window": window, "lines": lines[:PAGE_LINES], "count": len(lines), "cut": cut,
        "facets": facets, "forms": forms, "page_lines": PAGE_LINES,
        "chosen": chosen, "sort": request.args.get("sort", ""), "sorts": [k for k in SORTS if k[1:].isdigit()],
        "base": base, "years": year_table(lines, words) if lines else [],
        "with_arg": lambda name, value: "?" + urlencode({**args, name: value}),
        "without_arg": lambda name: "?" + urlencode({k: v for k, v in args.items() if k != name}),
        "max_lines": MAX_LINES}, request=request))
