"""What each filter of the entity rules removes on the train set, and how
much of it was right (issue #37: "never below the model").

    .venv/bin/python scripts/filter_effects.py     # needs ../shared/eval; about a minute a filter

A filter is a check the recognition applies to a candidate name (the
model's or a rule's) before it becomes a person or an organisation. For
each, the train set is built twice with ``--no-curation`` and no cache:
as the toolkit builds it, and with that check switched off (everywhere it
is applied). The names the second build has and the first has not, per
document and type (``document_people``, ``document_organizations``), are
what the filter removes; those that match a gold name or alias of the same
type (as ``score.py`` matches them) were right, so removing them cost
recall. The table is printed in Markdown (the README's "Filters" table).
"""
from __future__ import annotations

import re
import sqlite3
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from quality import EVAL, scorer  # noqa: E402

#: (what the filter does, [(module, name, what it is replaced by when off)]).
FILTERS = [
    ("the not_entities lexicon: concepts, job titles, words of the trade (entities.yml)",
     [("entities", "not_entity_keys", lambda: frozenset())]),
    ("a single word French uses as a common noun, adjective or verb (the model's lemmatizer)",
     [("entities", "is_dictionary_word", lambda surface: False)]),
    ("a one-word person the tagger reads as a verb, adjective or adverb",
     [("entities", "_tagged_as_a_word", lambda doc, start, end: False)]),
    ("a given name alone, or a known name of one word, that the tagger does not read as a proper noun",
     [("entities", "_reads_as_a_name", lambda doc, m: True)]),
    ("a name that opens with an acronym read as a person (\"CM Junior\")",
     [("entities", "ACRONYM_START_RE", re.compile("(?!)"))]),
    ("a name a street or a venue bears (\"rue Nicolas Appert\")",
     [("entities", "names_a_place", lambda text, m: False)]),
    ("a given name inside a longer foreign name (\"We Are Social\")",
     [("entities", "continues_a_name", lambda text, pos: False)]),
    ("a common noun that heads a department (\"Pôle visuel\")",
     [("entities", "names_a_unit", lambda text, start, end: False)]),
    ("a bibliographic abbreviation (\"Ed.\", \"Dir.\")",
     [("entities", "_bibliographic_abbreviation", lambda text, m: False)]),
    ("a by-line or interviewer label that names no person (\"ELLE Belgique\")",
     [("resolve", "reads_as_person", lambda name: True)]),
    ("a name the model reads as miscellaneous made of common words only (\"Catégorie B\")",
     [("entities", "_names_something", lambda surface: True)]),
]


def names(db: Path) -> set[tuple[str, str, str]]:
    """(source file, type, name) of every person and organisation each
    document names."""
    con = sqlite3.connect(db)
    out = set()
    for table, link, column, kind in (("people", "document_people", "person_id", "people"),
                                      ("organizations", "document_organizations", "organization_id",
                                       "organizations")):
        out |= {(f, kind, n) for f, n in con.execute(
            f"select d.source_file, e.name from {link} x join {table} e on e.id = x.{column}"
            f" join documents d on d.id = x.document_id")}
    return out


def build_train(db: Path, patches=()) -> set:
    """The train set built with ``patches`` applied; its names."""
    from ingest import entities, resolve
    from ingest.build import build
    modules = {"entities": entities, "resolve": resolve}
    with ExitStack() as stack:
        for module, name, value in patches:
            stack.enter_context(mock.patch.object(modules[module], name, value))
        build(EVAL / "train" / "raw", db, curation_on=False, cache_dir=False, log=lambda m: None)
    return names(db)


def right(found: tuple[str, str, str], gold: dict, norm) -> bool:
    file, kind, name = found
    return any(norm(name) in {norm(a) for a in g.get("aliases", [])} | {norm(g["name"])}
               for g in gold.get(file, {}).get(kind, []))


def main() -> int:
    import json
    score = scorer()
    gold = json.loads((EVAL / "train" / "gold.json").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        base = build_train(Path(tmp) / "base.db")
        print("| filter | names it removes on train | of which right |")
        print("|---|---|---|")
        for k, (what, patches) in enumerate(FILTERS):
            removed = build_train(Path(tmp) / f"off{k}.db", patches) - base
            good = sum(right(r, gold, score.norm) for r in removed)
            print(f"| {what} | {len(removed)} | {good} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
