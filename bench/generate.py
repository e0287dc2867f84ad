"""Scaled corpora of the genre for the benchmark.

Documents are made by recombining, with a fixed random seed, the pieces of
the texts in ``raw/``: their titles, body paragraphs (interview turns,
bullet lists and prose), people's names and reader comments. Lengths follow
the raw texts (a few hundred to about 1,500 words), so the pipeline meets
what it meets on real pages — speaker labels, quotations, comment sections —
at the scale users work at. Nothing here is used by the build itself.

    python bench/generate.py --size 1000 --out bench/corpora/1000
"""
from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest import clean, comments, segment  # noqa: E402
from ingest.read import list_sources, read_raw  # noqa: E402

SEED = 20091113
FIRST = ["Claire", "Julien", "Sophie", "Thomas", "Camille", "Nicolas", "Léa", "Antoine", "Manon", "Hugo",
         "Chloé", "Maxime", "Emma", "Romain", "Sarah", "Mathieu", "Julie", "Pierre", "Laura", "Yann"]
LAST = ["Martin", "Bernard", "Dubois", "Durand", "Lefèvre", "Moreau", "Laurent", "Simon", "Michel", "Garcia",
        "David", "Bertrand", "Roux", "Vincent", "Fournier", "Morel", "Girard", "André", "Mercier", "Le Goff"]
MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre"]


def pieces(raw_dir: Path) -> dict:
    """Titles, body paragraphs and comments of the raw texts."""
    titles, paragraphs, found = [], [], []
    paths, _ = list_sources(raw_dir)
    for path in paths:
        raw = read_raw(path, raw_dir)
        page = segment.split_page(clean.normalize(raw.text))
        if page.title:
            titles.append(page.title)
        body, _, _ = clean.clean_body(page.body)
        paragraphs += [line for _, line in body if len(line.split()) >= 4]
        parsed, _ = comments.parse_comments(page.tail)
        found += [c.text for c in parsed if c.kind == "comment" and c.text]
    return {"titles": titles, "paragraphs": paragraphs, "comments": found}


def document(rng: random.Random, parts: dict, k: int) -> str:
    """One page: title, date line, by-line, body, and sometimes comments."""
    name = lambda: f"{rng.choice(FIRST)} {rng.choice(LAST)}"  # noqa: E731
    author = name()
    lines = [f"{rng.choice(parts['titles'])} ({k})",
             f"Publié le {rng.randint(1, 28)} {rng.choice(MONTHS)} {rng.randint(2009, 2013)} par {author}"]
    words = 0
    target = rng.randint(300, 1500)
    for para in rng.sample(parts["paragraphs"], len(parts["paragraphs"])):  # no paragraph twice
        lines.append(para)
        words += len(para.split())
        if words >= target:
            break
    lines.append(f"Texte n° {k} de {author}, {rng.randint(1, 999)} lecteurs.")  # keeps every text distinct
    n_comments = rng.choice([0, 0, 1, 2, 3, 5])
    if n_comments and parts["comments"]:
        lines.append(f"{n_comments} commentaires")
        for _ in range(n_comments):
            lines.append(f"{name()} dit :")
            lines.append(f"le {rng.randint(1, 28)} {rng.choice(MONTHS)} {rng.randint(2009, 2013)} à 10:12")
            lines.append(rng.choice(parts["comments"]))
    return "\n\n".join(lines) + "\n"


def generate(size: int, out: Path, raw_dir: Path = ROOT / "raw", seed: int = SEED) -> int:
    """Write ``size`` documents to ``out``; return the number of words."""
    rng = random.Random(seed)
    parts = pieces(raw_dir)
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.txt"):
        old.unlink()
    words = 0
    for k in range(size):
        text = document(rng, parts, k)
        words += len(text.split())
        (out / f"doc_{k:05d}.txt").write_text(text, encoding="utf-8")
    return words


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    words = generate(args.size, args.out, seed=args.seed)
    print(f"{args.size} documents, {words} words in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
