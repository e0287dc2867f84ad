"""Rebuilds at scale: the per-document cache, parallel workers, deleted
files, an interrupted build, and the inputs a large crawl brings."""
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time

import pytest

from conftest import RAW, ROOT

from ingest import tempfiles
from ingest.build import build

pytestmark = pytest.mark.slow

TABLES = ("documents", "people", "organizations", "comments", "document_people", "document_organizations",
          "mentions", "affiliations", "claims", "removed_lines", "build_reports", "topics")


def dump(db):
    with sqlite3.connect(db) as conn:
        return {t: sorted(conn.execute(f"select * from {t}").fetchall(), key=repr) for t in TABLES}


@pytest.fixture()
def raw_copy(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    return raw


def quiet(m):
    pass


def test_rebuild_reanalyses_only_the_changed_file_and_gives_the_same_tables(raw_copy, tmp_path, seed_db):
    db = tmp_path / "corpus.db"
    first = build(raw_copy, db, log=quiet)
    assert first.analysed == 5
    assert dump(db) == dump(seed_db)  # cached or not, the same tables, ids included

    again = build(raw_copy, db, log=quiet)
    assert again.up_to_date and again.analysed == 0 and again.documents == 5

    changed = raw_copy / "004_882fef2355363af8.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\nUn paragraphe ajouté par Claire Martin.\n",
                       encoding="utf-8")
    third = build(raw_copy, db, log=quiet)
    assert (third.analysed, third.documents, third.up_to_date) == (1, 5, False)
    with sqlite3.connect(db) as conn:
        (text,) = conn.execute("select text from documents where id = '004_882fef2355363af8'").fetchone()
    assert text.endswith("Un paragraphe ajouté par Claire Martin.")


def test_a_rebuild_with_nothing_changed_reads_no_file_and_a_touched_one_once(raw_copy, tmp_path, monkeypatch):
    """Size and modification time first, bytes only when they differ."""
    from ingest import read
    db = tmp_path / "corpus.db"
    build(raw_copy, db, log=quiet)
    opened = []
    real_read = read.read_raw

    def counting(path, *args, **kwargs):
        opened.append(path.name)
        return real_read(path, *args, **kwargs)

    monkeypatch.setattr(read, "read_raw", counting)
    assert build(raw_copy, db, log=quiet).up_to_date and opened == []
    touched = raw_copy / "001_b47e9930b698e052.txt"
    os.utime(touched, ns=(time.time_ns(), time.time_ns()))
    assert build(raw_copy, db, log=quiet).up_to_date and opened == [touched.name]  # same bytes: nothing to do
    assert build(raw_copy, db, log=quiet).up_to_date and opened == [touched.name]  # its new time is remembered
    touched.write_bytes(touched.read_bytes().replace(b"community", b"COMMUNITY", 1))  # same size, new bytes
    again = build(raw_copy, db, log=quiet)
    assert (again.up_to_date, again.analysed) == (False, 1) and opened[-1] == touched.name


def search_rows(db):
    """The search indexes, each row with what it indexes (the documents'
    rowids may differ between an update and a full write)."""
    with sqlite3.connect(db) as conn:
        return {
            "documents_fts": sorted(conn.execute("select d.id, f.title, f.text, f.lemmas from documents_fts f "
                                                 "join documents d on d.rowid = f.rowid")),
            **{t: sorted(conn.execute(f"select rowid, * from {t}")) for t in ("claims_fts", "comments_fts")},
            "word_forms": sorted(conn.execute("select * from word_forms")),
            "unindexed": conn.execute("select count(*) from documents d where not exists "
                                      "(select 1 from documents_fts f where f.rowid = d.rowid)").fetchone()}


def test_a_rebuild_in_place_gives_the_tables_of_a_full_one(raw_copy, tmp_path):
    """A file changed, one added, one deleted: the update in place writes
    only their rows, and the tables (search indexes and lexicon included)
    are those of a full rebuild of the same files."""
    db, full = tmp_path / "corpus.db", tmp_path / "full.db"
    build(raw_copy, db, log=quiet)
    changed = raw_copy / "004_882fef2355363af8.txt"
    changed.write_text(changed.read_text(encoding="utf-8").replace("Twitter", "Mastodon") +
                       "\nAnne-Sophie Durand, community manager chez Renault, le dit.\n", encoding="utf-8")
    paragraphs = (raw_copy / "002_b5468d82f990941b.txt").read_text(encoding="utf-8").split("\n\n")
    paragraphs.insert(2, "Un paragraphe propre à la copie, cité par Jeremy Herve.")
    (raw_copy / "005_copie.txt").write_text("\n\n".join(paragraphs), encoding="utf-8")
    (raw_copy / "001_b47e9930b698e052.txt").unlink()
    said = []
    summary = build(raw_copy, db, log=said.append)
    assert any(m.startswith("updating") and "2 documents written, 2 removed" in m for m in said), said
    assert summary.analysed == 2 and summary.documents == 5
    build(raw_copy, full, log=quiet, full=True, cache_dir=False)
    assert dump(db) == dump(full)
    assert search_rows(db) == search_rows(full) and search_rows(db)["unindexed"] == (0,)


def test_an_update_changes_the_file_in_place_unless_a_served_link_shares_it(raw_copy, tmp_path):
    """With no other name, the update is one transaction on the database
    file itself (same inode: nothing copied). With a hard link to it (what
    `make serve` serves, as immutable), the link keeps the old database
    whole and the update goes to a new file."""
    db = tmp_path / "corpus.db"
    build(raw_copy, db, log=quiet)
    changed = raw_copy / "004_882fef2355363af8.txt"

    def change(sentence: str) -> list[str]:
        changed.write_text(changed.read_text(encoding="utf-8") + f"\n{sentence}\n", encoding="utf-8")
        said = []
        build(raw_copy, db, log=said.append)
        assert any(m.startswith("updating") for m in said), said
        return said

    inode = db.stat().st_ino
    change("Une phrase de plus.")
    assert db.stat().st_ino == inode
    served = tmp_path / "served.db"
    os.link(db, served)
    before = served.read_bytes()
    change("Une autre phrase encore.")
    assert db.stat().st_ino != inode and served.read_bytes() == before
    assert dump(db) != dump(served)


def test_an_update_renames_a_person_in_the_documents_it_does_not_rewrite(raw_copy, tmp_path):
    """A person's row is named by the first document (by id) that names
    them: a new first document that spells the name otherwise renames the
    row, and the documents that were not rewritten list the new name."""
    db, full = tmp_path / "corpus.db", tmp_path / "full.db"
    build(raw_copy, db, log=quiet, curation_on=False)
    (raw_copy / "0000_avant.txt").write_text(
        "Une note avant les autres\n\nJérémy Hervé, community manager, en parle souvent dans ses billets.\n\n"
        "Fin de la note.\n", encoding="utf-8")
    said = []
    build(raw_copy, db, log=said.append, curation_on=False)
    assert any(m.startswith("updating") for m in said), said
    build(raw_copy, full, log=quiet, curation_on=False, full=True, cache_dir=False)
    assert dump(db) == dump(full)
    with sqlite3.connect(db) as conn:
        (names,) = conn.execute("select people_names from documents where id = '000_458cacc8d3f72fd7'").fetchone()
    assert "Jérémy Hervé" in names and "Jeremy Herve" not in names


def test_a_failed_update_leaves_the_database_as_it_was(raw_copy, tmp_path, monkeypatch):
    from ingest import rows
    db = tmp_path / "corpus.db"
    build(raw_copy, db, log=quiet)
    before = db.read_bytes()
    changed = raw_copy / "004_882fef2355363af8.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\nUne phrase de plus.\n", encoding="utf-8")

    def failing(*args):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(rows, "document_tables", failing)
    with pytest.raises(RuntimeError, match="disk is full"):
        build(raw_copy, db, log=quiet)
    assert db.read_bytes() == before and not [p for p in tmp_path.iterdir() if ".tmp-" in p.name]


def test_an_update_that_breaks_a_foreign_key_is_rolled_back(raw_copy, tmp_path, monkeypatch):
    """The update in place enforces foreign keys row by row: a mention of a
    person the people table does not hold fails it, and the database is
    left byte for byte as it was."""
    from ingest import rows
    db = tmp_path / "corpus.db"
    build(raw_copy, db, log=quiet)
    before = db.read_bytes()
    changed = raw_copy / "004_882fef2355363af8.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\nUne phrase de plus.\n", encoding="utf-8")
    tables = rows.document_tables

    def dangling(*args):
        out = tables(*args)
        person = next(m for m in out["mentions"] if m["person_id"] is not None)
        person["person_id"] = -1
        return out

    monkeypatch.setattr(rows, "document_tables", dangling)
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        build(raw_copy, db, log=quiet)
    assert db.read_bytes() == before


def test_a_deleted_raw_file_loses_its_rows(raw_copy, tmp_path):
    db = tmp_path / "corpus.db"
    build(raw_copy, db, log=quiet)
    (raw_copy / "003_2cc18c01b110b402.txt").unlink()
    summary = build(raw_copy, db, log=quiet)
    assert summary.analysed == 0 and summary.documents == 4
    with sqlite3.connect(db) as conn:
        for table in ("documents", "comments", "mentions", "claims", "removed_lines"):
            column = "id" if table == "documents" else "document_id"
            assert conn.execute(f"select count(*) from {table} where {column} = '003_2cc18c01b110b402'"
                                ).fetchone() == (0,), table
        # The commenters only that document had are gone too.
        assert conn.execute("select count(*) from people where name = 'yvain ducrocq'").fetchone() == (0,)
        # Its sources.csv row is now reported, not silently ignored.
        assert conn.execute("select count(*) from build_reports where message like '%003_2cc18c01b110b402%'"
                            ).fetchone() == (1,)


def test_workers_give_the_same_tables(raw_copy, tmp_path, seed_db):
    db = tmp_path / "parallel.db"
    summary = build(raw_copy, db, log=quiet, workers=2, cache_dir=False)
    assert summary.analysed == 5
    assert dump(db) == dump(seed_db)


def test_an_interrupted_build_leaves_the_previous_database_and_the_next_run_completes(raw_copy, tmp_path):
    db = tmp_path / "corpus.db"
    build(raw_copy, db, log=quiet)
    before = db.read_bytes()
    for k in range(12):  # enough new files for the build to be killed part-way
        shutil.copy(raw_copy / "000_458cacc8d3f72fd7.txt", raw_copy / f"new_{k:02}.txt")
        with open(raw_copy / f"new_{k:02}.txt", "a", encoding="utf-8") as f:
            f.write(f"\nParagraphe propre au fichier numéro {k}, pour qu'il ne soit pas un doublon.\n")
    proc = subprocess.Popen([sys.executable, "-m", "ingest", "build", "--raw-dir", str(raw_copy), "--db", str(db)],
                            cwd=ROOT, stderr=subprocess.PIPE, text=True, start_new_session=True)
    for line in proc.stderr:
        if line.startswith("[2/"):
            break
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert db.read_bytes() == before
    summary = build(raw_copy, db, log=quiet)
    assert summary.documents == 5  # the copies are duplicates by text of 000, reported
    assert 0 < summary.analysed < 12  # what the killed run finished came from the cache
    assert not [p for p in tmp_path.iterdir() if ".tmp-" in p.name]


def test_a_build_killed_while_writing_leaves_no_temporary_database_behind(tmp_path):
    """The half-written file of a killed build is removed by the next one;
    a file of a build still running is left alone."""
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    stale = tmp_path / f"corpus.db.tmp-{gone.pid}"
    running = tmp_path / f"corpus.db.tmp-{os.getppid()}"
    stale.write_bytes(b"SQLite format 3\0 half written")
    running.write_bytes(b"SQLite format 3\0 being written")
    cache = tmp_path / "cache"
    cache.mkdir()
    stale_entry = cache / f"0123abcd.pickle.tmp-{gone.pid}"
    stale_entry.write_bytes(b"half a pickle")
    build(RAW, tmp_path / "corpus.db", log=quiet, cache_dir=cache)
    assert not stale.exists() and running.exists()
    assert not stale_entry.exists() and len(list(cache.glob("*.pickle"))) == 5


def test_temporary_names_carry_the_host_and_another_host_s_files_wait(tmp_path):
    """On a cache several machines write, a pid alone could be another
    machine's process: a temporary name says its host, and another host's
    file is removed only when it is older than any write takes."""
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    host = tempfiles._host()
    if all(c.isalnum() or c in "._-" for c in socket.gethostname()):
        assert host == socket.gethostname()
    here = tempfiles.temporary(tmp_path / "x.pickle")
    assert here.name == f"x.pickle.tmp-{host}-{os.getpid()}"
    mine_gone = tmp_path / f"a.pickle.tmp-{host}-{gone.pid}"
    foreign_fresh = tmp_path / f"b.pickle.tmp-other-host-{gone.pid}"
    foreign_old = tmp_path / f"c.pickle.tmp-other-host-{gone.pid}"
    for p in (here, mine_gone, foreign_fresh, foreign_old):
        p.write_bytes(b"half a pickle")
    old = time.time() - tempfiles.FOREIGN_AFTER - 60
    os.utime(foreign_old, (old, old))
    removed = tempfiles.remove_abandoned(tmp_path, "*.pickle")
    assert sorted(p.name for p in removed) == sorted([mine_gone.name, foreign_old.name])
    assert here.exists() and foreign_fresh.exists()


def test_a_50_mb_file_is_reported_and_the_rest_builds(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(RAW / "000_458cacc8d3f72fd7.txt", raw / "ok.txt")
    with open(raw / "dump.txt", "wb") as f:
        line = "Le community manager anime la communauté de la marque sur les réseaux sociaux.\n".encode()
        for _ in range(50 * 1024 * 1024 // len(line) + 1):
            f.write(line)
    assert (raw / "dump.txt").stat().st_size > 50 * 1024 * 1024
    started = time.monotonic()
    summary = build(raw, tmp_path / "corpus.db", log=quiet, cache_dir=False)
    assert summary.documents == 1 and summary.skipped == 1
    assert time.monotonic() - started < 120  # refused without being read
    with sqlite3.connect(tmp_path / "corpus.db") as conn:
        (message,) = conn.execute("select message from build_reports where file = 'dump.txt'").fetchone()
    assert "too large (52.4 MB" in message


def test_html_looking_text_stays_text(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "notes.txt").write_text(
        "Notes sur le métier\n\nLe community manager de Voyelle répond sur Twitter tous les jours.\n\n"
        "<script>alert('pas du code')</script> est ce que le blog affichait tel quel.\n", encoding="utf-8")
    build(raw, tmp_path / "corpus.db", log=quiet, cache_dir=False)
    with sqlite3.connect(tmp_path / "corpus.db") as conn:
        (text, fmt) = conn.execute("select text, format from documents").fetchone()
    assert fmt == "text" and "<script>alert('pas du code')</script>" in text


def test_the_writer_streams_documents_in_batches_and_search_rows_follow_their_document(tmp_path, seed_db,
                                                                                       monkeypatch):
    """Batches of any size give the same database; each document's search
    row shares its rowid, so search results link to the right document."""
    from ingest import write
    monkeypatch.setattr(write, "BATCH_ROWS", 1)  # a batch per document
    db = tmp_path / "corpus.db"
    build(RAW, db, log=quiet, cache_dir=False)
    assert dump(db) == dump(seed_db)
    with sqlite3.connect(db) as conn:
        pairs = conn.execute("select d.title, f.title from documents d join documents_fts f on f.rowid = d.rowid")
        pairs = pairs.fetchall()
        assert len(pairs) == 5 and all(a == b for a, b in pairs)
        assert conn.execute("select count(*) from claims_fts f join claims c on c.id = f.rowid").fetchone()[0] \
            == conn.execute("select count(*) from claims").fetchone()[0]


def test_the_build_holds_one_analysis_at_a_time_and_leaves_no_spill_behind(tmp_path, monkeypatch):
    """Each analysis goes to disk when made and is read back when its rows
    are written: while the rows are made, no other document's analysis is
    alive in memory."""
    import gc
    import tempfile
    from ingest import rows
    from ingest.analyse import Analysed
    alive = []
    real_tables = rows.document_tables

    def counting(analysed, *args):
        alive.append(sum(isinstance(o, Analysed) for o in gc.get_objects()))
        return real_tables(analysed, *args)

    monkeypatch.setattr(rows, "document_tables", counting)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    summary = build(RAW, tmp_path / "corpus.db", log=quiet, cache_dir=False)
    assert summary.documents == 5 and alive == [1] * 5
    assert list((tmp_path / "tmp").iterdir()) == []  # the --no-cache spill directory is gone
    # Beside the database: the build lock's file (empty once the build ends), nothing else.
    assert sorted(p.name for p in tmp_path.iterdir()) == [".corpus.db.lock", "corpus.db", "tmp"]
    assert (tmp_path / ".corpus.db.lock").read_text() == ""


def test_cache_keys_depend_on_the_analysis_code_only():
    """The cache keys hash the modules the analysis runs (read from their
    imports), not the writer or the command line, so that editing those
    keeps every analysis; the no-op check hashes the whole package."""
    from ingest.cache import analysis_modules
    modules = set(analysis_modules())
    assert {"analyse", "read", "clean", "segment", "dates", "entities", "claims", "topics", "resolve",
            "nlp", "lexicons", "fold"} <= modules
    assert not modules & {"build", "write", "rows", "cluster", "export", "publish", "__main__"}
