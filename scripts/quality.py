"""Measure how far to trust each annotated column, and keep the figures.

    .venv/bin/python scripts/quality.py          # (make quality) writes ingest/data/annotation_quality.json

The evaluation sets of ``../shared/eval`` are built together with
``--no-curation``, as unseen texts are built: ``train`` (79 page openings
the rules were fitted on), ``dev`` (30 openings, read) and ``dev_html`` (15
saved pages); each is scored with the evaluation's own ``score.py``. The
blind set (texts nobody on the project reads) is built and scored by
``blind.py --json``, which prints its summary only. The figures, the commit
and the date go to ``ingest/data/annotation_quality.json``; the build publishes
them as the ``annotation_quality`` table, so that a researcher reads there
how often a topic, a speaker or an affiliation is right on texts the
toolkit was not fitted to. ``tests/test_dev_sets.py`` builds the same sets
the same way (``build_sets``) and checks the file against the scorer.
"""
from __future__ import annotations

import argparse
import csv
import datetime
import importlib.util
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"
OUT = ROOT / "ingest" / "data" / "annotation_quality.json"
#: The sets built together, and the figures kept of each (score.py's names).
SETS = ("train", "dev", "dev_html")
FIGURES = ("people_f1", "orgs_f1", "affiliations_recall", "authors_acc", "titles_acc", "dates_acc",
           "claims_attributed_recall", "claims_precision", "claims_speaker_precision", "claims_topic_acc",
           "comments_acc")


def scorer():
    """The evaluation's ``score.py``, imported from ``../shared/eval``."""
    spec = importlib.util.spec_from_file_location("score", EVAL / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build_sets(workdir: Path) -> Path:
    """The evaluation sets' texts in one raw directory, built with
    ``--no-curation`` into ``workdir/sets.db``; returns the database."""
    sys.path.insert(0, str(ROOT))
    from ingest.build import build
    raw = workdir / "raw"
    raw.mkdir()
    rows = []
    for name in SETS:
        src = EVAL / name / "raw"
        for path in src.iterdir():
            if path.name != "sources.csv":
                shutil.copy(path, raw / path.name)
        with open(src / "sources.csv", encoding="utf-8", newline="") as f:
            rows += [{"file": r["file"], "url": r.get("url"), "site": r.get("site")} for r in csv.DictReader(f)]
    with open(raw / "sources.csv", "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, ["file", "url", "site"])
        writer.writeheader()
        writer.writerows(rows)
    db = workdir / "sets.db"
    build(raw, db, curation_on=False, log=lambda m: None, cache_dir=False)
    return db


def score_sets(db: Path) -> dict[str, dict]:
    """score.py's summary of each set on the database ``build_sets`` made,
    with the number of documents scored."""
    score = scorer()
    out = {}
    for name in SETS:
        gold = json.loads((EVAL / name / "gold.json").read_text(encoding="utf-8"))
        out[name] = {"documents": len(gold), **score.score(db, gold)[1]}
    return out


def blind_figures() -> dict:
    """``blind.py --json``'s summary (the last line it prints)."""
    run = subprocess.run([sys.executable, str(EVAL / "blind.py"), "--project", str(ROOT), "--json"],
                         capture_output=True, text=True, check=True)
    return json.loads(run.stdout.strip().splitlines()[-1])


def commit() -> str | None:
    try:
        head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True)
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "ingest"], cwd=ROOT, capture_output=True,
                               text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    return head.stdout.strip() + ("+changes" if dirty else "")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    if not (EVAL / "score.py").exists():
        print(f"quality: {EVAL} is not beside the checkout; the figures in {args.out} are left as they are")
        return 1
    with tempfile.TemporaryDirectory(prefix="quality-") as tmp:
        print("building the evaluation sets (train, dev, dev_html) with --no-curation …", flush=True)
        sets = score_sets(build_sets(Path(tmp)))
    print("building and scoring the blind set …", flush=True)
    sets["blind"] = blind_figures()
    kept = {name: {k: v for k, v in figures.items() if k in FIGURES or k == "documents"}
            for name, figures in sets.items()}
    facts = {"commit": commit(), "measured": datetime.date.today().isoformat(), "sets": kept}
    args.out.parent.mkdir(exist_ok=True)
    args.out.write_text(json.dumps(facts, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    for figure in FIGURES:
        print(f"{figure:28}" + "".join(f"{name:>10} {kept[name].get(figure)!s:6}" for name in kept))
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
