"""Write a release of the corpus: a dated folder as a data repository holds it.

    .venv/bin/python scripts/release.py --db corpus.db --exports exports --out releases   # make release

The folder ``OUT/cm-corpus-VERSION-DATE/`` (the version and build date of
the database's ``corpus_info`` row) receives:

* ``corpus.db`` — a consistent copy of the database (SQLite's backup);
* ``corpus-annotations.zip`` — the annotations of every document as W3C Web
  Annotation, brat and TEI (``python -m ingest export``);
* ``README.md`` — for data users: what the release holds, its tables, how
  far to trust each column (the ``annotation_quality`` figures), the two
  licences and how to cite it;
* ``LICENCE-annotations.txt``, ``LICENCE-texts.txt`` and ``CITATION.cff``
  (the repository's, with this version and date);
* ``SHA256SUMS`` — a SHA-256 of every other file, in ``sha256sum`` format
  (``sha256sum -c SHA256SUMS`` verifies the folder).

An existing folder of the same version and date is replaced whole: a
release is written in a temporary folder and moved into place.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import re
import shutil
import sqlite3
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ZIP = "corpus-annotations.zip"
#: The tables a data user starts from, in the order the README lists them.
TABLES = ("documents", "people", "organizations", "document_people", "document_organizations", "affiliations",
          "mentions", "claims", "topics", "comments", "annotation_quality", "corpus_info")


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verify(folder: Path) -> list[str]:
    """The files of ``folder`` whose hash is not the one ``SHA256SUMS``
    gives (or that are missing); empty when the release is whole."""
    bad = []
    for line in (folder / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        expected, name = line.split("  ", 1)
        path = folder / name
        if not path.is_file() or sha256(path) != expected:
            bad.append(name)
    return bad


def _readme(info: dict, descriptions: dict, quality: list[dict]) -> str:
    tables = "\n".join(f"- `{t}`: {descriptions.get(t, {}).get('description', '')}" for t in TABLES)
    rows = "\n".join(f"| {q['figure']} | {q['measures']} | {q['blind']} | {q['train']} | {q['dev']} |"
                     for q in quality)
    counts = json.loads(info["row_counts"])
    return f"""# Community managers on the French web: an annotated corpus, version {info['version']}

Built {info['built']}{f" by the toolkit at commit {info['toolkit_commit']}" if info.get('toolkit_commit') else ""}
from raw texts whose names and bytes hash to `{info['raw_sha256']}`
(pipeline `{info['pipeline_version']}`): {info['documents']} documents,
{counts.get('people', 0)} people, {counts.get('organizations', 0)} organizations,
{counts.get('claims', 0)} claims, {counts.get('comments', 0)} reader comments.

## Files

- `corpus.db`: the corpus as SQLite tables (open it with `sqlite3`, Datasette,
  or any SQLite library); offsets (`start`, `end`) are Python string indices
  into `documents.text` (or `comments.text` when `comment_id` is set).
- `{ZIP}`: each document's annotations as W3C Web Annotation (JSON-LD), brat
  standoff and TEI.
- `LICENCE-annotations.txt`, `LICENCE-texts.txt`, `CITATION.cff`.
- `SHA256SUMS`: check the files with `sha256sum -c SHA256SUMS`.

## Tables

{tables}

## How far to trust each column

Figures of the evaluation (`annotation_quality`): on texts nobody on the
project reads (blind, the estimate for new texts), beside the texts the
rules were fitted on (train) and read (dev). Two annotators agree on people
0.97, organizations 0.98, claims with their speaker 0.85–0.97, topics 0.75.

| figure | measures | blind | train | dev |
|---|---|---|---|---|
{rows}

## Licences

- Annotations: {info['licence_annotations']}
- Texts: {info['licence_texts']}

## How to cite

{info['how_to_cite']}
"""


def release(db: Path, exports: Path, out: Path) -> Path:
    """Write the release folder of ``db`` under ``out``; returns it."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    con.row_factory = sqlite3.Row
    try:
        info = dict(con.execute("select * from corpus_info").fetchone() or {})
        quality = [dict(r) for r in con.execute("select * from annotation_quality order by rowid")]
    except sqlite3.OperationalError as exc:
        raise SystemExit(f"release: {db} has no corpus_info table ({exc}); rebuild it with `make db`")
    if not info:
        raise SystemExit(f"release: {db} has an empty corpus_info table; rebuild it with `make db`")
    if not (exports / ZIP).is_file():
        raise SystemExit(f"release: {exports / ZIP} is missing; run `make export` first")
    import yaml
    descriptions = yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))["databases"]["corpus"]["tables"]
    name = f"cm-corpus-{info['version']}-{info['built'][:10]}"
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{name}-", dir=out))
    try:
        with sqlite3.connect(tmp / "corpus.db") as copy:
            con.backup(copy)
        shutil.copy(exports / ZIP, tmp / ZIP)
        (tmp / "README.md").write_text(_readme(info, descriptions, quality), encoding="utf-8")
        (tmp / "LICENCE-annotations.txt").write_text(info["licence_annotations"] + "\n", encoding="utf-8")
        (tmp / "LICENCE-texts.txt").write_text(info["licence_texts"] + "\n", encoding="utf-8")
        citation = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
        citation = re.sub(r'(?m)^version: .*$', f'version: "{info["version"]}"', citation)
        citation = re.sub(r'(?m)^date-released: .*\n', "", citation) + f'date-released: "{info["built"][:10]}"\n'
        (tmp / "CITATION.cff").write_text(citation, encoding="utf-8")
        sums = "".join(f"{sha256(p)}  {p.name}\n" for p in sorted(tmp.iterdir()))
        (tmp / "SHA256SUMS").write_text(sums, encoding="utf-8")
        target = out / name
        if target.exists():
            shutil.rmtree(target)
        tmp.rename(target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    finally:
        con.close()
    return target


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, default=ROOT / "corpus.db")
    ap.add_argument("--exports", type=Path, default=ROOT / "exports")
    ap.add_argument("--out", type=Path, default=ROOT / "releases")
    args = ap.parse_args()
    folder = release(args.db, args.exports, args.out)
    bad = verify(folder)
    print(f"wrote {folder} ({len(list(folder.iterdir()))} files); checksums " + ("verified" if not bad else f"WRONG: {bad}"))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
