"""The labelled claims a topic model learns from, read out of a gold set.

A gold claim is a fragment of 4–15 words; the model reads what the build
reads: the whole sentence that holds it (spaCy's sentences of the text), and,
for an interview answer, the question it replies to (the nearest earlier
sentence ending in "?"). Shared by ``scripts/train_topics.py`` and the
cross-validation it reports; needs the gold set, not the build.
"""
from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from pathlib import Path

from ingest import nlp

#: How far back (characters) the question of an answer may stand.
QUESTION_REACH = 1500


@dataclass(frozen=True)
class Example:
    text: str          # the sentence holding the gold fragment
    question: str | None
    topic: str
    site: str          # the group of grouped cross-validation: no site in two folds
    source: str        # the gold file's name


def _fragment_re(fragment: str) -> re.Pattern:
    """The fragment as a pattern tolerant of what a stored copy changes:
    any run of spaces (non-breaking ones became plain), either apostrophe."""
    words = [re.sub("['’]", "['’]", re.escape(w)) for w in fragment.split()]
    return re.compile(r"\s+".join(words))


def _question_before(doc, start: int) -> str | None:
    best = None
    for s in doc.sents:
        if s.end_char > start:
            break
        if s.text.rstrip().endswith("?") and start - s.end_char <= QUESTION_REACH:
            best = s.text.strip()
    return best


def examples(gold_dir: Path) -> tuple[list[Example], int]:
    """The labelled sentences of ``gold_dir`` (``gold.json`` and ``raw/``),
    and the number of gold claims whose fragment was not found in its text."""
    gold = json.loads((gold_dir / "gold.json").read_text(encoding="utf-8"))
    sites = {}
    sources = gold_dir / "raw" / "sources.csv"
    if sources.exists():
        with open(sources, encoding="utf-8") as f:
            sites = {r["file"]: r["site"] for r in csv.DictReader(f)}
    names = sorted(gold)
    texts = [(gold_dir / "raw" / n).read_text(encoding="utf-8") for n in names]
    docs = nlp.analyse(texts)
    out, lost = [], 0
    for name, text, doc in zip(names, texts, docs):
        for claim in gold[name].get("claims", []):
            if not claim.get("topic"):
                continue
            m = _fragment_re(claim["fragment"]).search(text)
            if m is None:
                lost += 1
                continue
            span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
            sents = {t.sent.start for t in span}
            first = doc[min(sents)].sent
            last = doc[max(sents)].sent
            sentence = doc[first.start:last.end].text.strip()
            question = _question_before(doc, first.start_char) if claim.get("kind") == "answer" else None
            out.append(Example(sentence, question, claim["topic"], sites.get(name, name), name))
    return out, lost
