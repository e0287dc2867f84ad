"""Does a text cost in proportion to its length? The scaling check of `make bench`.

For each case two texts are generated, one twice the other, and each is
built alone (``--no-cache``) in a fresh process timed from outside
(bench/measure.py, wall clock). A one-line text is built too: its time,
mostly loading the model, is taken off both, so that the ratio compares the
work on the texts themselves. A ratio near 2 is linear; near 4, quadratic.

* ``mentions``: sentences naming two people and an organisation, about
  3,450 mentions in 80 kB against 6,900 in 160 kB;
* ``dates_one_line``: "le 12 mars 2011" repeated on one line, 90 kB against
  175 kB.

Results go to bench/linear.json and bench/linear.md.

    python bench/linear.py
"""
from __future__ import annotations

import json
import random
import subprocess
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
PY = sys.executable
FIRST = ["Marie", "Paul", "Julie", "Thomas", "Claire", "Nicolas", "Sophie", "Antoine", "Camille", "Lucas"]
LAST = ["Durand", "Martin", "Bernard", "Petit", "Robert", "Richard", "Moreau", "Simon", "Laurent", "Michel"]
ORGS = ["Danone", "Orange", "Google", "Renault", "Airbus", "Decathlon", "Michelin", "Carrefour"]


def mentions_text(sentences: int) -> str:
    rng = random.Random(1)
    parts = []
    for i in range(sentences):
        parts.append(f"{rng.choice(FIRST)} {rng.choice(LAST)}, community manager chez {rng.choice(ORGS)}, "
                     f"rencontre {rng.choice(FIRST)} {rng.choice(LAST)}.")
        if i % 8 == 7:
            parts.append("\n\n")
    return " ".join(parts)


def dates_text(repeats: int) -> str:
    return "Dates\n\n" + " ".join(f"le {d} mars 2011" for d in range(1, 29)) * repeats


CASES = {"mentions": (mentions_text, 1150), "dates_one_line": (dates_text, 200)}


def build_seconds(text: str, work: Path, name: str) -> float:
    raw = work / name
    raw.mkdir()
    (raw / "text.txt").write_text(text, encoding="utf-8")
    cmd = [PY, "-m", "ingest", "build", "--raw-dir", str(raw), "--db", str(work / f"{name}.db"), "--no-cache",
           "--quiet"]
    out = subprocess.run([PY, str(BENCH / "measure.py"), "--", *cmd], capture_output=True, text=True,
                         check=True, cwd=ROOT)
    result = json.loads(out.stdout)
    if result["returncode"] != 0:
        raise RuntimeError(result["stderr_tail"])
    return result["seconds"]


def main() -> int:
    results = {"date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), "cases": {}}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        base = build_seconds("Un texte d'une ligne.", work, "base")
        results["startup_s"] = base
        for case, (make, n) in CASES.items():
            small, large = make(n), make(2 * n)
            t_small = build_seconds(small, work, f"{case}_small")
            t_large = build_seconds(large, work, f"{case}_large")
            results["cases"][case] = {
                "small_chars": len(small), "large_chars": len(large), "small_s": t_small, "large_s": t_large,
                "ratio": round(t_large / t_small, 2),
                "ratio_without_startup": round((t_large - base) / max(t_small - base, 1e-9), 2)}
            print(case, results["cases"][case], flush=True)
    (BENCH / "linear.json").write_text(json.dumps(results, indent=1) + "\n")
    rows = [f"| {c} | {r['small_chars']} | {r['small_s']} | {r['large_chars']} | {r['large_s']} | {r['ratio']} | "
            f"{r['ratio_without_startup']} |" for c, r in results["cases"].items()]
    (BENCH / "linear.md").write_text(
        "# Cost against the length of one text\n\n"
        f"Measured {results['date']} by bench/linear.py (its docstring says how). Startup (a one-line text, "
        f"mostly loading the model): {base} s.\n\n"
        "| case | small chars | small s | large chars | large s | large/small | same without startup |\n"
        "|---|---|---|---|---|---|---|\n" + "\n".join(rows) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
