"""Clauses: the statements a sentence holds.

A sentence may say two things: "Le poste a évolué en même temps que moi,
même si dès le début mon métier a été tourné vers le communautaire" tells
the speaker's path, then what the job is. French grammar links such
statements in three ways, and each is read here on spaCy's dependency parse:

* **coordination** — a clause joined by a coordinating conjunction ("et",
  "mais", "car", "or", …): relation ``conj`` to the sentence's main verb;
* **juxtaposition** — a clause set after a comma, a semicolon or a colon
  with no conjunction, when the parser marks it ``conj`` or ``parataxis``.
  It mostly hangs such a clause as an adverbial clause (``advcl``) of the
  other instead; those are left whole, since a juxtaposed clause often only
  explains the one before ("Les clients commentent sans arrêt, il faut
  avoir un oeil sur tout");
* **concession and opposition** — a clause opened by a concessive
  conjunction ("même si", "bien que", "alors que": ``concessive_conjunctions``
  in ``data/claims.yml``).

Every clause starts after a comma, a semicolon or a colon. A coordinated or
juxtaposed clause must depend on the sentence's root (a clause inside a
subordinate clause is part of that clause's statement) and have its own
subject before its verb (an incise like ", observe Sylvain Leclercq" has
its subject after the verb and is not a statement of its own). A concessive
conjunction after such punctuation always opens a clause, so it is found on
the words themselves, whatever the parse made of it. Every part must keep
``min_clause_words`` words. The topics stage reads the parts apart and
splits a claim where they are about different things.
"""
from __future__ import annotations

from functools import cache

from . import lexicons
from .fold import key

CLAUSE_RELATIONS = {"conj", "parataxis"}
SUBJECT_RELATIONS = {"nsubj", "nsubj:pass", "expl:subj"}
CLAUSE_HEADS = {"VERB", "AUX", "NOUN", "ADJ", "PROPN"}  # a copula's predicate heads its clause
BOUNDARY_PUNCTUATION = {",", ";", ":"}


@cache
def _concessive() -> tuple[tuple[str, ...], ...]:
    """The concessive conjunctions as tuples of folded words."""
    return tuple(tuple(key(c).split()) for c in lexicons.load("claims")["concessive_conjunctions"])


@cache
def _min_words() -> int:
    return int(lexicons.load("claims")["min_clause_words"])


def _coordinated(head) -> bool:
    """Whether ``head`` heads a coordinated or juxtaposed clause of its own."""
    if head.dep_ not in CLAUSE_RELATIONS or head.pos_ not in CLAUSE_HEADS or head.head.dep_ != "ROOT":
        return False
    subject = next((c for c in head.children if c.dep_ in SUBJECT_RELATIONS), None)
    return subject is not None and subject.i < head.i


def _concessive_at(token) -> bool:
    """Whether a concessive conjunction starts at ``token``."""
    words = [key(t.text) for t in token.doc[token.i:token.i + 3]]
    return any(tuple(words[:len(c)]) == c for c in _concessive())


def _clause_starts(span) -> set[int]:
    """The tokens of ``span`` where a clause of its own starts."""
    starts = set()
    for t in span:
        if t.i == span.start or t.doc[t.i - 1].text not in BOUNDARY_PUNCTUATION:
            continue
        if _concessive_at(t):
            starts.add(t.i)
    for t in span:
        if not _coordinated(t):
            continue
        start = t.left_edge
        while start.is_punct and start.i < t.i:
            start = t.doc[start.i + 1]
        if span.start < start.i < span.end and t.doc[start.i - 1].text in BOUNDARY_PUNCTUATION:
            starts.add(start.i)
    return starts


def clause_bounds(span) -> list[tuple[int, int]]:
    """The (start, end) character offsets, in the span's Doc, of the clauses
    of ``span`` (a spaCy Span): the span itself when it holds one statement.
    A clause ends before the punctuation that separates it from the next."""
    doc = span.doc
    bounds = [span.start, *sorted(_clause_starts(span)), span.end]
    parts = []
    for a, b in zip(bounds, bounds[1:]):
        if sum(t.is_alpha for t in doc[a:b]) < _min_words():
            return [(span.start_char, span.end_char)]
        last = b - 1
        while last > a and doc[last].text in BOUNDARY_PUNCTUATION:
            last -= 1
        parts.append((doc[a].idx, doc[last].idx + len(doc[last].text)))
    return parts
