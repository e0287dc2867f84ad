"""What a built corpus says of itself: its release facts and how far to
trust each annotated column.

* ``corpus_info`` — the one row of the table of that name: the dataset's
  version, when and from what it was built (the toolkit's commit, a hash of
  the raw texts, the pipeline's version), its two licences and how to cite
  it (``data/release.yml``); the writer adds the row counts.
* ``quality_rows`` — the ``annotation_quality`` table: the evaluation's
  figures on texts the toolkit was fitted to and on texts nobody read
  (``data/annotation_quality.json``, written by ``make quality``), each with
  what it measures and the columns it is about.
"""
from __future__ import annotations

import datetime
import hashlib
import json
import subprocess
from importlib import metadata

from . import lexicons
from .cache import PACKAGE_DIR, pipeline_version

QUALITY_FILE = lexicons.DATA_DIR / "annotation_quality.json"

#: Each figure kept: what it measures and the columns it is about.
FIGURES = {
    "people_f1": ("people found and named right in a document (F1 against the gold's people)",
                  "people, document_people"),
    "orgs_f1": ("organizations found and named right in a document (F1)",
                "organizations, document_organizations"),
    "affiliations_recall": ("share of the employers the text states for a person that are linked to that person",
                            "affiliations"),
    "authors_acc": ("share of documents with a stated author whose author is right", "documents.author"),
    "titles_acc": ("share of documents with a title whose title is right", "documents.title"),
    "dates_acc": ("share of documents whose publication date is right (NULL when the text states none)",
                  "documents.published"),
    "claims_attributed_recall": ("share of the statements that matter most found as a claim of the right speaker",
                                 "claims.text, claims.person_id"),
    "claims_precision": ("share of claim rows with a speaker that are statements of that speaker",
                         "claims.person_id"),
    "claims_speaker_precision": ("share of claims holding a real statement whose speaker is right",
                                 "claims.person_id"),
    "claims_topic_acc": ("share of claims found whose topic is the annotator's (two annotators agree on 0.75)",
                         "claims.topic"),
    "comments_acc": ("reader comments found in page order with their kind and author", "comments"),
}
SETS = ("blind", "train", "dev", "dev_html")


def quality_rows() -> list[dict]:
    """The ``annotation_quality`` rows, or none when the figures were never
    measured."""
    if not QUALITY_FILE.exists():
        return []
    facts = json.loads(QUALITY_FILE.read_text(encoding="utf-8"))
    sets = facts.get("sets", {})
    return [{"figure": figure, "measures": measures, "columns": columns,
             **{name: sets.get(name, {}).get(figure) for name in SETS},
             **{f"{name}_documents": sets.get(name, {}).get("documents") for name in SETS},
             "commit_measured": facts.get("commit"), "measured": facts.get("measured")}
            for figure, (measures, columns) in FIGURES.items()]


def dataset_version() -> str:
    try:
        return metadata.version("cm-corpus")
    except metadata.PackageNotFoundError:
        return "unknown"


def toolkit_commit() -> str | None:
    """The git commit of the checkout the package runs from, when it is one."""
    try:
        run = subprocess.run(["git", "rev-parse", "HEAD"], cwd=PACKAGE_DIR, capture_output=True, text=True,
                             timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return run.stdout.strip() or None if run.returncode == 0 else None


def raw_hash(sources: list[tuple[str, str]]) -> str:
    """A hash of the raw texts: each (name, sha256 of its bytes), in name order."""
    digest = hashlib.sha256()
    for name, sha in sorted(sources):
        digest.update(f"{name}\t{sha}\n".encode())
    return digest.hexdigest()


def statement(name: str) -> str:
    """A statement of ``data/release.yml`` (``licence_annotations``,
    ``licence_texts``, ``how_to_cite``) on one line."""
    return " ".join(lexicons.load("release")[name].split())


def corpus_info(sources: list[tuple[str, str]], now: datetime.datetime | None = None) -> dict:
    """The ``corpus_info`` row of a build of ``sources`` ((name, sha256) of
    each text it holds), without the counts the writer adds."""
    built = (now or datetime.datetime.now(datetime.timezone.utc)).strftime("%Y-%m-%dT%H:%M:%SZ")
    version = dataset_version()
    return {"version": version, "built": built, "toolkit_commit": toolkit_commit(),
            "raw_sha256": raw_hash(sources), "pipeline_version": pipeline_version(),
            "licence_annotations": statement("licence_annotations"), "licence_texts": statement("licence_texts"),
            "how_to_cite": statement("how_to_cite").format(version=version, built=built)}
