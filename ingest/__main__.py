"""Command line: ``python -m ingest build --raw-dir DIR --db PATH [--no-curation]``,
``python -m ingest export --db PATH --out DIR`` and ``python -m ingest check --db PATH``."""
import argparse
import os
import sqlite3
import sys
from pathlib import Path

from . import __version__
from .build import NothingBuilt, SetupError, build
from .read import DEFAULT_MAX_BYTES


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ingest",
                                     description="Build the community-manager corpus database.")
    parser.add_argument("--version", action="version", version=f"ingest {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build a SQLite database from a directory of raw texts")
    b.add_argument("--raw-dir", type=Path, required=True, help="directory of raw .txt/.html files")
    b.add_argument("--db", type=Path, required=True, help="database file to create or replace")
    b.add_argument("--no-curation", action="store_true",
                   help="ignore the hand-written files in annotations/: automatic pipeline only")
    b.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES,
                   help=f"skip raw files larger than this (default {DEFAULT_MAX_BYTES})")
    b.add_argument("--workers", type=int, default=1,
                   help="processes analysing documents in parallel, on a local Dask cluster started for the "
                        "build (default 1; 0 = one per CPU core)")
    b.add_argument("--scheduler", metavar="ADDRESS", default=None,
                   help="analyse the documents on the Dask cluster at ADDRESS (tcp://host:8786); 'local' is the "
                        "local cluster of --workers processes (see README, Beyond one machine)")
    b.add_argument("--full", action="store_true",
                   help="write the whole database, even when only some files or none changed (same tables)")
    b.add_argument("--cache-dir", type=Path, default=None,
                   help="where each file's analysis is kept between builds (default: .<db name>.cache beside the db)")
    b.add_argument("--no-cache", action="store_true", help="analyse every file again and keep nothing")
    said = b.add_mutually_exclusive_group()
    said.add_argument("--quiet", action="store_true", help="print only the summary")
    said.add_argument("--verbose", action="store_true",
                      help="a line per file, also on a terminal (where the default is a progress bar)")
    e = sub.add_parser("export", help="write every document's annotations as W3C Web Annotation, brat and TEI")
    e.add_argument("--db", type=Path, required=True, help="a database built by 'build'")
    e.add_argument("--out", type=Path, required=True, help="directory to write w3c/, brat/, tei/ and a zip into")
    e.add_argument("--base-url", default=None,
                   help="where the database is published; rows are named by their pages there "
                        "(default: where make serve publishes it, http://127.0.0.1:8001/corpus)")
    c = sub.add_parser("check", help="roll back an interrupted update and check a database is whole")
    c.add_argument("--db", type=Path, required=True)
    c.add_argument("--mark", type=Path, default=None,
                   help="when the database needs rebuilding, write what is wrong into this file (Make's cue)")
    args = parser.parse_args(argv)
    if args.command == "export":
        return _export(args)
    if args.command == "check":
        return _check(args)
    log, progress = _reporting(args.quiet, args.verbose, sys.stderr.isatty())
    try:
        workers = args.workers if args.workers > 0 else (os.cpu_count() or 1)
        summary = build(args.raw_dir, args.db, curation_on=not args.no_curation,
                        max_bytes=args.max_bytes, log=log, workers=workers, scheduler=args.scheduler, full=args.full,
                        cache_dir=False if args.no_cache else args.cache_dir, progress=progress)
    except (FileNotFoundError, SetupError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except NothingBuilt as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if args.quiet:
        print(f"{summary.documents} documents, {summary.comments} comments, "
              f"{summary.skipped} skipped, {summary.warnings} warnings", file=sys.stderr)
    return 0


def _reporting(quiet: bool, verbose: bool, terminal: bool):
    """How a build talks: ``--quiet``, the summary only; on a terminal, a
    progress bar with the time left (tqdm) and the stage lines; in a log
    (not a terminal) or with ``--verbose``, a line per file."""
    if quiet:
        return (lambda m: None), None
    if terminal and not verbose:
        from tqdm import tqdm
        return (lambda m: tqdm.write(m, file=sys.stderr)), \
            (lambda total: tqdm(total=total, unit="file", desc="analysing", file=sys.stderr))
    return (lambda m: print(m, file=sys.stderr, flush=True)), None


def _check(args) -> int:
    """Exit 0 when the database is whole (or absent), 1 when it is not; with
    ``--mark``, a database to rebuild leaves its reasons in that file, whose
    new time makes Make rebuild it."""
    from .write import check
    problems = check(args.db)
    for problem in problems:
        print(f"{args.db}: {problem}", file=sys.stderr)
    if problems and args.mark:
        args.mark.parent.mkdir(parents=True, exist_ok=True)
        args.mark.write_text("\n".join(problems) + "\n", encoding="utf-8")
    return 1 if problems else 0


def _export(args) -> int:
    from . import export  # not loaded by a build: a no-op rebuild imports only what it needs
    try:
        counts = export.export_corpus(args.db, args.out, args.base_url or export.DEFAULT_BASE_URL,
                                      log=lambda m: print(m, file=sys.stderr, flush=True))
    except (FileNotFoundError, sqlite3.DatabaseError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"{counts['tei']} documents exported to {args.out} (w3c/, brat/, tei/, corpus-annotations.zip)",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
