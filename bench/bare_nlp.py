"""The floor of the benchmark: spaCy alone over the texts of a directory.

Loads the same model as the build and runs ``nlp.pipe`` over every file's
text with the build's batch size (and ``--processes`` processes), doing
nothing else. A build cannot be faster than this.

    python bench/bare_nlp.py DIR [--processes N]
"""
import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest import nlp  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("directory", type=Path)
    parser.add_argument("--processes", type=int, default=1)
    args = parser.parse_args()
    texts = (p.read_text(encoding="utf-8") for p in sorted(args.directory.glob("*.txt")))
    n = 0
    for _ in nlp.load().pipe(texts, batch_size=nlp.BATCH_SIZE, n_process=args.processes):
        n += 1
    print(n)
    return 0


if __name__ == "__main__":
    sys.exit(main())
