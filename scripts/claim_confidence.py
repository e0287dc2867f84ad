"""Measure how often each way of finding a claim is right, for claims.confidence.

    .venv/bin/python scripts/claim_confidence.py      # writes ingest/data/claim_confidence.json

The train set (``../shared/eval/train``) is annotated exhaustively: every
statement a text attributes to a named speaker is in its gold, so a claim
row with a speaker is right when it holds a gold fragment of that speaker
(the evaluation's ``claims_precision``). The set is built with
``--no-curation`` and each claim row with a speaker is counted by its
``method`` (the pass that found it). A method's confidence is its rate of
right claims, smoothed (Laplace: (right + 1) / (claims + 2)), so that a
method seen twice is not certain.

Calibration is checked by cross-validation across sites: each site's claims
get the rates measured on the other sites only, and the reliability table
says, of the claims given a confidence in each band, how many were right.
"""
from __future__ import annotations

import csv
import datetime
import json
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"
OUT = ROOT / "ingest" / "data" / "claim_confidence.json"
BANDS = ((0.0, 0.5), (0.5, 0.6), (0.6, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 1.01))


def rate(right: int, claims: int) -> float:
    return round((right + 1) / (claims + 2), 3)


def judged_claims(db: Path, gold: dict, sites: dict[str, str]) -> list[tuple[str, str, bool]]:
    """(method, site, right) of every claim row with a speaker of the
    exhaustively annotated documents."""
    sys.path.insert(0, str(EVAL))
    import score
    import sqlite3
    con = sqlite3.connect(db)
    con.row_factory = sqlite3.Row
    out = []
    for fname, g in gold.items():
        if not g.get("exhaustive"):
            continue
        doc = con.execute("select id from documents where source_file = ?", (fname,)).fetchone()
        if doc is None:
            continue
        speakers = {p["name"]: {score.norm(a) for a in p["aliases"]} | {score.norm(p["name"])}
                    for p in g.get("people", [])}
        for r in con.execute("select c.text, c.method, p.name, p.aliases from claims c join people p"
                             " on p.id = c.person_id where c.document_id = ?", (doc["id"],)):
            names = score.aliases(r["name"], r["aliases"])
            right = any(score.norm(gc["fragment"]) in score.norm(r["text"] or "")
                        and names & speakers.get(gc["speaker"], set()) for gc in g.get("claims", []))
            out.append((r["method"], sites.get(fname, fname), right))
    return out


def reliability(claims: list[tuple[str, str, bool]]) -> list[dict]:
    """Each claim given the rates of its method measured on the other sites:
    by band of that confidence, how many claims and how many right."""
    by_site = defaultdict(list)
    for c in claims:
        by_site[c[1]].append(c)
    scored = []
    for site, own in by_site.items():
        counts = defaultdict(lambda: [0, 0])
        for method, other, right in claims:
            if other != site:
                counts[method][0] += right
                counts[method][1] += 1
        scored += [(rate(*counts[method]), right) for method, _, right in own]
    table = []
    for lo, hi in BANDS:
        inside = [(p, r) for p, r in scored if lo <= p < hi]
        if inside:
            table.append({"band": f"{lo:.1f}–{min(hi, 1.0):.1f}", "claims": len(inside),
                          "mean_confidence": round(sum(p for p, _ in inside) / len(inside), 3),
                          "right": round(sum(r for _, r in inside) / len(inside), 3)})
    return table


def main() -> int:
    if not (EVAL / "train" / "gold.json").exists():
        print(f"claim_confidence: {EVAL / 'train'} is not beside the checkout")
        return 1
    sys.path.insert(0, str(ROOT))
    from ingest.build import build
    gold = json.loads((EVAL / "train" / "gold.json").read_text(encoding="utf-8"))
    with open(EVAL / "train" / "raw" / "sources.csv", encoding="utf-8") as f:
        sites = {r["file"]: r["site"] for r in csv.DictReader(f)}
    with tempfile.TemporaryDirectory(prefix="confidence-") as tmp:
        db = Path(tmp) / "train.db"
        build(EVAL / "train" / "raw", db, curation_on=False, log=lambda m: None, cache_dir=False)
        claims = judged_claims(db, gold, sites)
    counts = defaultdict(lambda: [0, 0])
    for method, _, right in claims:
        counts[method][0] += right
        counts[method][1] += 1
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    facts = {"fitted_on": "train (79 page openings annotated exhaustively), --no-curation",
             "commit": head or None, "measured": datetime.date.today().isoformat(),
             "methods": {m: {"right": r, "claims": n, "confidence": rate(r, n)}
                         for m, (r, n) in sorted(counts.items())},
             "reliability": reliability(claims)}
    OUT.write_text(json.dumps(facts, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print("| method | claims | right | confidence |\n|---|---|---|---|")
    for m, v in facts["methods"].items():
        print(f"| {m} | {v['claims']} | {v['right']} | {v['confidence']} |")
    print("\n| confidence (cross-validated by site) | claims | mean confidence | right |\n|---|---|---|---|")
    for b in facts["reliability"]:
        print(f"| {b['band']} | {b['claims']} | {b['mean_confidence']} | {b['right']} |")
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
