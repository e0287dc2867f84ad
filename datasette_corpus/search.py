"""Full-text search as users type it, and folding in SQL.

* ``fts_query(text)`` — an SQL function, also installed as Datasette's
  ``escape_fts`` so that the tables' search boxes use it, that turns what a
  user typed into a safe FTS5 query: every word or phrase quoted (so ``"``,
  ``-``, ``:``, ``(``, ``AND`` and friends are just text), each word
  standing for its other forms in the corpus (``word_forms``), a trailing
  ``*`` kept as a prefix search, ``OR`` and ``NOT`` in capitals between two
  words as operators.
* ``fold(text)`` — lower case without accents, for SQL comparisons.
"""
from __future__ import annotations

import os
import re
import sqlite3
from collections import Counter
from functools import partial
from itertools import islice, product

from datasette import hookimpl

from ingest.fold import fold as fold_text

#: One unit of what a user types: a quoted phrase (its closing quote may be
#: missing), or a run of characters without spaces, whose words (joined by
#: hyphens, apostrophes, dots) are a phrase too: "e-réputation",
#: "aujourd'hui", "2.0". A trailing "*" asks for a prefix.
UNIT_RE = re.compile(r'"([^"]*)"?|([^\s"]+)')
WORDS_RE = re.compile(r"\w+")

#: The full-text operators a search takes as typed, in capitals, between two units.
OPERATORS = ("OR", "NOT")
#: "a NEAR b" (within ``NEAR_WORDS`` words of each other) or "a NEAR/5 b",
#: in capitals between two units, as FTS5 and most search engines write it.
NEAR_RE = re.compile(r"NEAR(?:/(\d{1,2}))?")
NEAR_WORDS = 10
#: Bounds on what one typed word or phrase may expand to.
MAX_FORMS = 30
MAX_PHRASES = 20


class Lexicon:
    """The corpus's word forms by lemma (the ``word_forms`` table): which
    forms a search for one form should also find."""

    def __init__(self, rows=()):
        self.lemmas: dict[str, set[str]] = {}
        self.forms: dict[str, Counter] = {}
        self.counts: Counter = Counter()  # occurrences of each form: the collocates' corpus frequencies
        for form, lemma, occurrences in rows:
            self.lemmas.setdefault(form, set()).add(lemma)
            self.forms.setdefault(lemma, Counter())[form] += occurrences
            self.counts[form] += occurrences
        self.total = sum(self.counts.values())

    def forms_of(self, word: str) -> list[str]:
        """``word`` first, then the other forms of its lemmas (or of itself
        as a lemma), the most frequent first, at most ``MAX_FORMS`` in all.
        A word the corpus does not have is read through the inflections of
        ``BASE_FORMS`` ("managers" → "manager")."""
        known = word in self.lemmas or word in self.forms
        bases = [word] if known else [word] + [word[:-len(end)] + base for end, base in BASE_FORMS
                                               if word.endswith(end) and len(word) > len(end) + 2]
        counts = Counter()
        for lemma in {lemma for b in bases for lemma in self.lemmas.get(b, set()) | {b}}:
            counts.update(self.forms.get(lemma, {}))
        counts.pop(word, None)
        return [word] + sorted(counts, key=lambda f: (-counts[f], f))[:MAX_FORMS - 1]


NO_LEXICON = Lexicon()

#: French inflection, from the grammar: the endings of plural and feminine
#: forms of nouns and adjectives and what they replace in the masculine
#: singular (folded: no accents). A typed word the corpus lacks is looked up
#: through these ("stagiaires" → "stagiaire", "directrices" → "directeur").
BASE_FORMS = [("eaux", "eau"), ("aux", "al"), ("euses", "eur"), ("euse", "eur"), ("rices", "eur"),
              ("rice", "eur"), ("ives", "if"), ("ive", "if"), ("elles", "el"), ("elle", "el"),
              ("ennes", "en"), ("enne", "en"), ("eres", "er"), ("ere", "er"), ("es", ""), ("s", ""),
              ("x", ""), ("e", "")]


def read_units(text: str | None):
    """How a search reads what was typed, unit by unit (``UNIT_RE``): (the
    unit's match, the unit, whether it is an operator, its folded words).
    OR, NOT and NEAR (or NEAR/5) in capitals are operators between a unit
    that has words and another unit; anywhere else they are words."""
    units = list(UNIT_RE.finditer(text or ""))
    seen_words = False
    for k, m in enumerate(units):
        unit = m.group(1) if m.group(1) is not None else m.group(2)
        if m.group(2) and (m.group(2) in OPERATORS or NEAR_RE.fullmatch(m.group(2))) and seen_words \
                and k + 1 < len(units):
            yield m, unit, True, []
            continue
        words = WORDS_RE.findall(fold(unit))
        seen_words = seen_words or bool(words)
        yield m, unit, False, words


def search_notes(text: str | None) -> list[str]:
    """What ``fts_query`` did not take as typed, to be said on the page
    rather than give no result without a word: a "*" inside a word (the
    index finds whole words, or their beginnings with a "*" at the end) and
    an operator with no word on one side, read as a word."""
    notes = []
    for m, unit, operator, words in read_units(text):
        if not m.group(2) or operator:
            continue
        if "*" in unit.rstrip("*"):
            notes.append(f"“{unit}”: a * inside a word is not taken (the index finds whole words, or with a * at "
                         f"the end the words that begin so); searched as “{' '.join(words)}”.")
        elif unit in OPERATORS or NEAR_RE.fullmatch(unit):
            where = "end" if m.end() == len((text or "").rstrip()) else "start"
            notes.append(f"“{unit}” joins the words on either side of it; at the {where} of the search it is "
                         "read as a word.")
    return notes


def fts_query(text: str | None, lexicon: Lexicon = NO_LEXICON) -> str:
    """A safe FTS5 query for whatever a user typed.

    Each unit (see ``UNIT_RE``) becomes a quoted phrase, so quotes, hyphens,
    apostrophes and brackets are plain text and no input is a syntax error;
    the units are ANDed, except that OR, NOT and NEAR (or NEAR/5) typed in
    capitals between two of them join them so ("twitter OR facebook",
    "réseaux NOT facebook", "community NEAR/3 stagiaire"; anywhere else, and
    in lower case, they are words). Each word stands for all its forms in
    the corpus (``lexicon``), so "stagiaires" finds and highlights
    "stagiaire" and the reverse (units are joined by an explicit AND: FTS5
    takes no implicit AND after a bracket). A unit ending in "*" is a
    prefix, as typed. With no word at all the query is ``""``, which
    matches nothing (``MATCH NULL`` would be an error)."""
    parts, joins, pending = [], [], None
    for m, unit, operator, words in read_units(text):
        if operator:
            pending = unit  # between two units: an operator, not a word
            continue
        if not words:
            continue
        if parts:
            joins.append(pending or "AND")
        pending = None
        if m.group(2) and unit.endswith("*"):
            parts.append([f'"{" ".join(words)}"*'])
        else:
            parts.append([f'"{" ".join(p)}"' for p in islice(product(*map(lexicon.forms_of, words)), MAX_PHRASES)])
    if not parts:
        return '""'
    groups, group_joins = [([parts[0]], NEAR_WORDS)], []
    for join, part in zip(joins, parts[1:]):
        near = NEAR_RE.fullmatch(join)
        if near:  # "a NEAR b NEAR c": one group, within the last distance given
            groups[-1] = (groups[-1][0] + [part], int(near.group(1) or groups[-1][1]))
        else:
            groups.append(([part], NEAR_WORDS))
            group_joins.append(join)
    rendered = [_near(members, distance) for members, distance in groups]
    return rendered[0] + "".join(f" {join} {part}" for join, part in zip(group_joins, rendered[1:]))


def _near(members: list[list[str]], distance: int) -> str:
    """One unit's alternative phrases joined by OR, or, for units joined by
    NEAR, FTS5's NEAR group of each combination of their alternatives (a
    NEAR group takes phrases only)."""
    if len(members) == 1:
        alternatives = members[0]
    else:
        alternatives = [f"NEAR({' '.join(combo)}, {distance})" for combo in islice(product(*members), MAX_PHRASES)]
    return " OR ".join(alternatives).join("()") if len(alternatives) > 1 else alternatives[0]


def file_stamp(path: str | None) -> tuple | None:
    """(path, mtime, size) of a database file: what a value read from it
    once is kept under, so that a rebuilt file is read again; None when
    there is no such file."""
    try:
        st = os.stat(path)
    except (OSError, TypeError):
        return None
    return path, st.st_mtime_ns, st.st_size


def database_stamp(conn: sqlite3.Connection) -> tuple | None:
    """``file_stamp`` of the database file ``conn`` opens; None in memory."""
    return file_stamp(next((row[2] for row in conn.execute("pragma database_list") if row[1] == "main"), ""))


def lexicon_of(conn: sqlite3.Connection) -> Lexicon:
    """The lexicon of the database ``conn`` opens, read once per file
    (every SQL thread prepares its own connection)."""
    stamp = database_stamp(conn)
    if stamp is None:
        return NO_LEXICON  # an in-memory database
    if stamp not in LEXICONS:
        try:
            LEXICONS[stamp] = Lexicon(conn.execute("select form, lemma, occurrences from word_forms"))
        except sqlite3.OperationalError:  # not a corpus database
            LEXICONS[stamp] = NO_LEXICON
    return LEXICONS[stamp]


LEXICONS: dict[tuple, Lexicon] = {}


#: The longest string or blob a query may make (SQLite's SQLITE_LIMIT_LENGTH,
#: 1,000,000,000 by default): a bound on the memory and the time of any one
#: value, ``fold`` included, which the SQL time limit cannot interrupt. The
#: longest text of the corpus is far shorter (raw files stop at 10 MB).
MAX_VALUE_LENGTH = 20_000_000


def fold(text: str | None) -> str | None:
    """``ingest.fold.fold`` as an SQL function: lower case without accents,
    for LIKE comparisons that ignore both; NULL stays NULL."""
    return None if text is None else fold_text(str(text))


@hookimpl(trylast=True)
def prepare_connection(conn):
    # Last of the plugins, so that "escape_fts" is ours: Datasette's search
    # boxes call it on what is typed (the escaped search mode).
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_LENGTH)
    search = partial(fts_query, lexicon=lexicon_of(conn))
    conn.create_function("fts_query", 1, search, deterministic=True)
    conn.create_function("escape_fts", 1, search, deterministic=True)
    conn.create_function("fold", 1, fold, deterministic=True)
