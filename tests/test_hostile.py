"""One bad file never takes the corpus down: each case of a careless or
hostile raw directory builds the rest, says why in ``build_reports``, reads
nothing outside ``raw/`` and writes nothing inside it."""
import json
import os
import sqlite3
import subprocess
import sys

import pytest

from ingest import build as build_module
from ingest.build import build
from ingest.cache import Cache
from tests.conftest import ROOT

GOOD = "Un billet sur le métier de community manager.\nIl anime la communauté de la marque."


def rows(db, sql, *args):
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


def _raw(tmp_path, files: dict[str, bytes]):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "good.txt").write_text(GOOD, encoding="utf-8")
    for name, data in files.items():
        (raw / name).write_bytes(data)
    return raw


def _reports(db) -> dict[str, str]:
    return {r["file"]: r["message"] for r in rows(db, "select file, message from build_reports")}


def _ids(db) -> set[str]:
    return {r["id"] for r in rows(db, "select id from documents")}


def test_pages_that_break_the_parsers_are_reported_and_the_rest_builds(tmp_path):
    raw = _raw(tmp_path, {
        # 1,000 unclosed tags: deeper than Python's recursion limit in a tree walk.
        "nested.html": b"<html><body>" + b"<font>" * 1000 + "Un texte enfoui.".encode() + b"</body></html>",
        # A charset that Python knows as a codec but that is not a text encoding.
        "rot13.html": '<html><head><meta charset="rot13"></head><body><p>Caf\xe9 cr\xe8me et '
                      'community management.</p><p>Un second paragraphe.</p></body></html>'.encode("latin-1"),
    })
    db = tmp_path / "out.db"
    summary = build(raw, db, log=lambda m: None)
    assert "good" in _ids(db)
    reports = _reports(db)
    # Each file is either built or reported with a reason: nothing is lost silently.
    for name in ("nested.html", "rot13.html"):
        assert name[:-5] in _ids(db) or name in reports, name
    assert "rot13" in _ids(db)  # read as windows-1252, the declared charset being no text encoding
    assert summary.documents >= 2


def test_a_text_longer_than_the_model_s_limit_is_analysed_in_pieces(tmp_path, monkeypatch):
    from ingest import nlp
    # The model's limit (1,000,000 characters) and the piece size scaled
    # down by 20, so that the case runs in seconds: the text is past the
    # limit, and spaCy would refuse it whole (E088).
    monkeypatch.setattr(nlp.load(), "max_length", 50_000)
    monkeypatch.setattr(nlp, "PIECE_CHARS", 5_000)
    paragraph = ("Le {}e jour, Marie Dupont travaille chez Danone. Elle anime la communauté de la marque sur "
                 "les réseaux sociaux et répond aux clients.\n\n")
    limit = nlp.load().max_length
    text = "Le métier de community manager\n\n" + "".join(
        paragraph.format(i) for i in range(limit // len(paragraph) + 50))
    assert len(text) > limit
    raw = _raw(tmp_path, {"long.txt": text.encode("utf-8")})
    db = tmp_path / "out.db"
    build(raw, db, log=lambda m: None, cache_dir=False)
    assert "long" in _ids(db)
    doc_text = rows(db, "select text from documents where id = 'long'")[0]["text"]
    last = rows(db, "select max(start) m from mentions where document_id = 'long'")[0]["m"]
    assert last > limit  # mentions found past the model's limit, in the last pieces
    for m in rows(db, "select start, end, surface from mentions where document_id = 'long'"):
        assert doc_text[m["start"]:m["end"]] == m["surface"]


@pytest.mark.parametrize("encoding", ["cp1252", "utf-16"])
def test_sources_csv_as_spreadsheets_save_it(tmp_path, encoding):
    raw = _raw(tmp_path, {})
    (raw / "sources.csv").write_bytes(
        "file,url,site\ngood.txt,http://exemple.fr/billet-é,exemple.fr\n".encode(encoding))
    db = tmp_path / "out.db"
    build(raw, db, log=lambda m: None)
    assert rows(db, "select url from documents where id = 'good'")[0]["url"] == "http://exemple.fr/billet-é"


def test_a_sources_csv_with_a_huge_field_or_that_is_a_directory_is_reported(tmp_path):
    raw = _raw(tmp_path, {})
    (raw / "other.txt").write_text(GOOD.replace("marque", "ville"), encoding="utf-8")
    (raw / "sources.csv").write_text(
        "file,url,site\ngood.txt,http://exemple.fr/" + "x" * 200_000 + ",exemple.fr\n"
        "other.txt,http://exemple.fr/autre,exemple.fr\n", encoding="utf-8")
    db = tmp_path / "out.db"
    build(raw, db, log=lambda m: None)
    assert _ids(db) == {"good", "other"}
    assert rows(db, "select url from documents where id = 'other'")[0]["url"] == "http://exemple.fr/autre"
    assert "line 2" in _reports(db)["sources.csv"]

    (raw / "sources.csv").unlink()
    (raw / "sources.csv").mkdir()
    build(raw, db, log=lambda m: None)
    assert _ids(db) == {"good", "other"}
    assert "not a file" in _reports(db)["sources.csv"]


def test_links_that_leave_the_raw_directory_are_refused(tmp_path):
    outside = tmp_path / "secret.txt"
    outside.write_text("Le mot de passe de la base est hunter2.\nUne seconde ligne.", encoding="utf-8")
    raw = _raw(tmp_path, {})
    os.symlink(outside, raw / "passwd.txt")
    os.symlink(raw / "good.txt", raw / "zz-alias.txt")  # inside: read (then a duplicate of good.txt)
    os.symlink(tmp_path / "nowhere.txt", raw / "broken.txt")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "private.txt").write_text("Le code de la porte est hunter2.\nUne autre ligne.", encoding="utf-8")
    os.symlink(elsewhere, raw / "linked-dir")  # a linked directory is not entered
    os.mkfifo(raw / "pipe.txt")
    (raw / ".hidden.txt").write_text(GOOD, encoding="utf-8")
    db = tmp_path / "out.db"
    build(raw, db, log=lambda m: None)
    assert _ids(db) == {"good"}
    reports = _reports(db)
    assert "outside the raw directory" in reports["passwd.txt"]
    assert "duplicate" in reports["zz-alias.txt"]
    assert "not a regular file" in reports["broken.txt"] and "not a regular file" in reports["pipe.txt"]
    assert "hidden" in reports[".hidden.txt"]
    assert not rows(db, "select 1 from documents where text like '%hunter2%'")
    assert "link to a directory" in reports["linked-dir"]  # said, and none of its files read
    assert not [r for r in reports if r.startswith("linked-dir/")]


def test_a_corrupt_cache_entry_is_dropped_and_recomputed(tmp_path):
    raw = _raw(tmp_path, {})
    db = tmp_path / "out.db"
    build(raw, db, log=lambda m: None)
    before = rows(db, "select * from documents")
    entries = list((tmp_path / ".out.db.cache").glob("*.pickle"))
    assert len(entries) == 1
    data = bytearray(entries[0].read_bytes())
    data[len(data) // 2] ^= 0xFF  # one wrong byte
    entries[0].write_bytes(bytes(data))
    (tmp_path / ".out.db.cache" / "last-build").unlink()  # not a no-op: read the cache
    messages = []
    build(raw, db, log=messages.append)
    assert rows(db, "select * from documents") == before
    assert any("cache entry" in m for m in messages)
    # And a truncated one.
    entries[0].write_bytes(entries[0].read_bytes()[:40])
    (tmp_path / ".out.db.cache" / "last-build").unlink()
    build(raw, db, log=lambda m: None)
    assert rows(db, "select * from documents") == before


def test_a_cache_entry_with_a_wrong_checksum_reads_as_missing(tmp_path):
    store = Cache(tmp_path)
    store.put("k", {"small": 1}, {"large": list(range(100))})
    assert store.summary("k") == {"small": 1} and store.get("k") == {"large": list(range(100))}
    path = tmp_path / "k.pickle"
    data = bytearray(path.read_bytes())
    data[-3] ^= 0x01
    path.write_bytes(bytes(data))
    assert store.get("k") is None
    assert store.dropped == ["k"]


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "ingest", "build", *map(str, args)],
                          capture_output=True, text=True, cwd=ROOT)


def test_setup_errors_are_one_line_and_exit_2_before_any_analysis(tmp_path):
    raw = _raw(tmp_path, {})
    source = (raw / "good.txt").read_bytes()
    inside = _cli("--raw-dir", raw, "--db", raw / "good.txt")
    assert inside.returncode == 2 and "inside the raw directory" in inside.stderr
    assert (raw / "good.txt").read_bytes() == source  # the source is never overwritten
    (tmp_path / "adir").mkdir()
    a_dir = _cli("--raw-dir", raw, "--db", tmp_path / "adir")
    assert a_dir.returncode == 2 and "is a directory" in a_dir.stderr
    for proc in (inside, a_dir):
        assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


def test_a_build_where_nothing_could_be_built_keeps_the_old_database(tmp_path):
    raw = _raw(tmp_path, {})
    db = tmp_path / "out.db"
    build(raw, db, log=lambda m: None)
    before = db.read_bytes()
    (raw / "good.txt").write_bytes(b"")
    proc = _cli("--raw-dir", raw, "--db", db)
    assert proc.returncode == 1 and "nothing could be built" in proc.stderr
    assert db.read_bytes() == before


def test_a_malformed_registry_is_a_setup_error_before_any_analysis(tmp_path, monkeypatch):
    from ingest import assemble, build as build_module, curation
    bad = tmp_path / "registry.yml"
    bad.write_text("people: [name: {unclosed\n", encoding="utf-8")
    with pytest.raises(curation.RegistryError, match="not readable YAML"):
        curation.load_registry(bad)
    # The build reads the project's registry; here it reads the malformed one.
    read_registry = curation.load_registry
    monkeypatch.setattr(curation, "load_registry", lambda: read_registry(bad))
    analysed = []
    monkeypatch.setattr(assemble, "_analyse", lambda *a: analysed.append(a) or {})
    with pytest.raises(build_module.SetupError, match="not readable YAML"):
        build(_raw(tmp_path, {}), tmp_path / "out.db", log=lambda m: None)
    assert analysed == []


def _build_process(raw, db, *extra) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "ingest", "build", "--raw-dir", str(raw), "--db", str(db),
                             "--quiet", *extra], cwd=ROOT, stderr=subprocess.PIPE, text=True)


def test_a_second_build_of_the_same_database_says_so_and_waits(tmp_path):
    import fcntl
    from ingest.lock import lock_path
    raw, db = _raw(tmp_path, {}), tmp_path / "out.db"
    with open(lock_path(db), "a+") as held:  # a build in progress, as far as the lock says
        fcntl.flock(held, fcntl.LOCK_EX)
        held.write("4242")
        held.flush()
        proc = _build_process(raw, db, "--no-cache")
        first_line = proc.stderr.readline()
        assert "another build of" in first_line and "process 4242" in first_line and "waiting" in first_line
        assert proc.poll() is None and not db.exists()  # it waits, and writes nothing meanwhile
        fcntl.flock(held, fcntl.LOCK_UN)
    assert proc.wait(timeout=120) == 0, proc.stderr.read()
    assert "good" in _ids(db)


def _children(pid: int) -> set[int]:
    found = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    return {int(p) for p in found}


def _rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6
    except (FileNotFoundError, ProcessLookupError):
        return 0.0


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(")")[-1].split()[0] != "Z"  # a zombie is dead, waiting for its reaper
    except FileNotFoundError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers die with their build through prctl")
@pytest.mark.parametrize("sig", ["SIGKILL", "SIGTERM"])
@pytest.mark.parametrize("engine", [[], ["--scheduler", "local"]], ids=["workers", "scheduler-local"])
def test_workers_die_with_their_build(tmp_path, sig, engine):
    import signal
    import time
    raw = _raw(tmp_path, {f"b{i}.txt": (GOOD + f"\nBillet {i}.").encode() for i in range(12)})
    proc = _build_process(raw, tmp_path / "out.db", "--workers", "2", "--no-cache", *engine)
    deadline = time.monotonic() + 90
    while (len(workers := _children(proc.pid)) < 2 or not any(_rss_mb(w) > 200 for w in workers)) \
            and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.1)  # until the workers exist and one has loaded the model
    assert len(workers) >= 2 and any(_rss_mb(w) > 200 for w in workers), "the build did not start its workers"
    proc.send_signal(getattr(signal, sig))
    proc.wait(timeout=30)
    deadline = time.monotonic() + 10
    while any(map(_alive, workers)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(map(_alive, workers))


def test_make_builds_any_file_name_and_rebuilds_when_a_file_goes(tmp_path):
    odd = "mon billet; v2:final.txt"
    raw = _raw(tmp_path, {odd: (GOOD + "\nUn autre billet.").encode()})
    db = tmp_path / "mine.db"

    served, inspect = tmp_path / "serve" / "corpus.db", tmp_path / "serve" / "inspect.json"

    def make_db(target="db"):
        done = subprocess.run(["make", "--no-print-directory", target, f"RAW={raw}", f"DB={db}",
                               f"SERVED={served}", f"INSPECT={inspect}"], cwd=ROOT,
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr[-2000:]
        return done

    def served_count():
        make_db("snapshot")  # what `make serve` publishes
        return json.loads(inspect.read_text())["corpus"]["tables"]["documents"]["count"]

    make_db()
    assert _ids(db) == {"good", "mon billet; v2:final"}
    assert served_count() == 2
    built_at = db.stat().st_mtime_ns
    assert "ingest build" not in make_db().stdout and db.stat().st_mtime_ns == built_at  # nothing changed
    (raw / odd).unlink()
    assert "ingest build" in make_db().stdout
    assert _ids(db) == {"good"}
    # A running server keeps answering from its snapshot: the rebuild replaced
    # the database file, not the snapshot's (a hard link to the old one).
    assert len(_ids(served)) == 2
    assert served_count() == 1  # the served snapshot and its counts follow the rebuild


# --- web archives (WARC) -------------------------------------------------------

PAGE = ("<html><head><title>Le métier</title></head><body><article><p>Le community manager anime la "
        "communauté de la marque sur les réseaux sociaux, chaque jour.</p><p>Il répond aux internautes et "
        "fait remonter leurs remarques.</p></article></body></html>")


def _warc(records: list[tuple[str | None, bytes, dict]], gz: bool = True) -> bytes:
    """A WARC file of HTML responses (target URI, payload, extra HTTP
    headers), written by warcio as a crawler writes one."""
    import io
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gz)
    for uri, payload, extra in records:
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8"), *extra.items()],
                                protocol="HTTP/1.1")
        record = writer.create_warc_record(uri or "http://example.org/", "response", payload=io.BytesIO(payload),
                                           http_headers=http)
        if uri is None:
            record.rec_headers.remove_header("WARC-Target-URI")
        writer.write_record(record)
    return out.getvalue()


def test_an_archive_record_without_an_address_is_counted_not_fatal(tmp_path):
    data = _warc([(None, PAGE.encode(), {}), ("http://example.org/a", PAGE.replace("jour", "soir").encode(), {})])
    raw = _raw(tmp_path, {"crawl.warc.gz": data})
    db = tmp_path / "out.db"
    build(raw, db, log=lambda m: None)
    assert {"good", "crawl_warc_gz_example_org_a"} <= _ids(db) or len(_ids(db)) == 2
    assert "1 unreadable record" in _reports(db)["crawl.warc.gz"]


def test_an_archive_cut_inside_a_record_keeps_the_pages_before_it(tmp_path):
    whole = _warc([("http://example.org/a", PAGE.encode(), {}),
                   ("http://example.org/b", PAGE.replace("jour", "soir").encode(), {})])
    first = _warc([("http://example.org/a", PAGE.encode(), {})])
    raw = _raw(tmp_path, {"cut.warc.gz": whole[:len(first) + 40]})  # inside the second record's gzip header
    db = tmp_path / "out.db"
    build(raw, db, log=lambda m: None)
    assert len(_ids(db)) == 2  # good.txt and the first page
    assert "cut short" in _reports(db)["cut.warc.gz"]


def test_a_compressed_payload_is_never_decoded_past_the_size_limit(tmp_path):
    """A gzip bomb: 'Content-Encoding: gzip' on a payload that decodes to
    64 MB; with a 1 MB limit the record is skipped with its reason, and the
    build's peak memory is that of the same build without the bomb, give
    or take far less than the decoded size."""
    import gzip
    bomb = gzip.compress(b"<p>" + b"a" * (64 << 20) + b"</p>", compresslevel=9)
    page = ("http://example.org/a", PAGE.encode(), {})
    script = ("import resource, sys; from pathlib import Path; from ingest.build import build; "
              "build(Path(sys.argv[1]), Path(sys.argv[2]), max_bytes=1 << 20, log=lambda m: None, cache_dir=False); "
              "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)")

    def peak_kb(name, records):
        raw = _raw(tmp_path / name, {"crawl.warc": _warc(records, gz=False)})
        run = subprocess.run([sys.executable, "-c", script, str(raw), str(tmp_path / name / "out.db")], cwd=ROOT,
                             capture_output=True, text=True, timeout=300)
        assert run.returncode == 0, run.stderr
        return int(run.stdout.split()[-1])

    (tmp_path / "plain").mkdir()
    (tmp_path / "bomb").mkdir()
    plain = peak_kb("plain", [page])
    with_bomb = peak_kb("bomb", [("http://example.org/bomb", bomb, {"Content-Encoding": "gzip"}), page])
    db = tmp_path / "bomb" / "out.db"
    assert "1 HTML response over the size limit" in _reports(db)["crawl.warc"]
    assert len(_ids(db)) == 2
    assert with_bomb < plain + (32 << 10), (with_bomb, plain)  # KB: far below the 64 MB it decodes to


def test_a_cache_entry_whose_length_header_is_damaged_reads_as_missing(tmp_path):
    """One byte changed in the length before an entry's part: the entry is
    dropped, never a read of exabytes (MemoryError on every build)."""
    import struct
    store = Cache(tmp_path)
    store.put("0" * 32, {"small": True}, ["value"] * 100)
    path = tmp_path / f"{'0' * 32}.pickle"
    data = bytearray(path.read_bytes())
    data[0] = 0x7F  # the high byte of the first part's length
    path.write_bytes(bytes(data))
    assert struct.unpack(">Q", bytes(data[:8]))[0] > 1 << 60
    assert Cache(tmp_path).summary("0" * 32) is None and not path.exists()


def test_the_cache_stays_out_of_raw_and_deletes_only_its_own_entries(tmp_path):
    raw = _raw(tmp_path, {})
    (raw / "notes.pickle").write_bytes(b"a user's file")
    with pytest.raises(build_module.SetupError, match="inside the raw directory"):
        build(raw, tmp_path / "out.db", log=lambda m: None, cache_dir=raw / "cache")
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "notes.pickle").write_bytes(b"a user's file kept beside the cache")
    build(raw, tmp_path / "out.db", log=lambda m: None, cache_dir=cache)
    assert (cache / "notes.pickle").exists() and (raw / "notes.pickle").exists()
    assert len([p for p in cache.glob("*.pickle") if p.name != "notes.pickle"]) == 1
    (tmp_path / "a-file").write_text("x")
    with pytest.raises(build_module.SetupError, match="is a file"):
        build(raw, tmp_path / "out2.db", log=lambda m: None, cache_dir=tmp_path / "a-file")


def test_a_killed_update_is_rolled_back_before_anyone_reads_it(tmp_path):
    """A writer killed inside its transaction leaves the file half-written
    beside a hot journal, which an immutable reader (datasette -i) would
    publish as it is; `ingest check` rolls it back and says so, and the
    next build writes the database whole."""
    raw = _raw(tmp_path, {"b.txt": ("Un second billet.\nLe community manager répond aux clients.\n" * 40).encode()})
    db = tmp_path / "out.db"
    build(raw, db, log=lambda m: None)
    before = rows(db, "select id, text from documents order by id")
    killer = ("import os, signal, sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute('pragma cache_size=1');"
              "c.execute('begin'); c.execute(\"update documents set text = text || text || text\");"
              "c.execute('delete from word_forms'); os.kill(os.getpid(), signal.SIGKILL)")
    subprocess.run([sys.executable, "-c", killer, str(db)])
    journal = tmp_path / "out.db-journal"
    assert journal.exists() and journal.stat().st_size > 0
    immutable = sqlite3.connect(f"file:{db}?immutable=1", uri=True)
    half = immutable.execute("select id, text from documents order by id").fetchall()
    immutable.close()
    assert half != before  # what datasette -i would have served
    mark = tmp_path / "db.check"
    run = subprocess.run([sys.executable, "-m", "ingest", "check", "--db", str(db), "--mark", str(mark)],
                         cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 1 and "rolled back" in run.stderr and mark.exists()
    assert rows(db, "select id, text from documents order by id") == before
    assert subprocess.run([sys.executable, "-m", "ingest", "check", "--db", str(db)], cwd=ROOT).returncode == 0


def test_long_texts_are_parsed_one_at_a_time_and_short_ones_together():
    """spaCy holds a batch in memory at once: 32 pieces of a 1 MB text parsed
    together took 3.6 GB, one at a time 1.0 GB."""
    from ingest import nlp
    short, piece = "x" * 100, "y" * nlp.PIECE_CHARS
    assert nlp.batches([short] * 40) == [[short] * nlp.BATCH_SIZE, [short] * 8]
    assert nlp.batches([piece, piece, short, piece]) == [[piece], [piece], [short], [piece]]
    assert [t for b in nlp.batches([short, piece, short] * 5) for t in b] == [short, piece, short] * 5


def test_utf8_with_windows_1252_bytes_reads_each_part_as_what_it_is(tmp_path):
    from ingest.read import decode
    data = "Le métier « à la une » : ".encode("utf-8") + "un été très chargé, dit-elle.".encode("cp1252")
    assert decode(data) == ("Le métier « à la une » : un été très chargé, dit-elle.", "utf-8+cp1252")
    # Plain windows-1252 stays windows-1252.
    assert decode("un été très chargé".encode("cp1252")) == ("un été très chargé", "cp1252")
    raw = _raw(tmp_path, {"mixed.txt": data})
    db = tmp_path / "out.db"
    build(raw, db, log=lambda m: None)
    row = rows(db, "select text, encoding from documents where id = 'mixed'")[0]
    assert "métier" in row["text"] and "été très chargé" in row["text"] and "Ã" not in row["text"]
    assert row["encoding"] == "utf-8+cp1252"


def test_a_page_wrongly_declaring_utf16_is_read_as_the_bytes_it_holds(tmp_path):
    page = ('<html><head><meta charset="utf-16"><title>Le métier</title></head><body><article><p>'
            "Le community manager anime la communauté de la marque, été comme hiver, sur les réseaux "
            "sociaux.</p></article></body></html>")
    raw = _raw(tmp_path, {"page.html": page.encode("cp1252")})
    db = tmp_path / "out.db"
    build(raw, db, log=lambda m: None)
    row = rows(db, "select text, encoding from documents where id = 'page'")[0]
    assert "communauté de la marque, été comme hiver" in row["text"]
    assert row["encoding"] == "cp1252"


def test_an_archive_record_cut_short_is_kept_and_reported(tmp_path):
    long_page = PAGE.replace("chaque jour.", "chaque jour. " + "Il publie et il écoute. " * 150)
    first = _warc([("http://example.org/a", PAGE.encode(), {})], gz=False)
    whole = _warc([("http://example.org/a", PAGE.encode(), {}), ("http://example.org/b", long_page.encode(), {})],
                  gz=False)
    raw = _raw(tmp_path, {"crawl.warc": whole[:len(first) + (len(whole) - len(first)) * 2 // 3]})
    db = tmp_path / "out.db"
    build(raw, db, log=lambda m: None)
    assert len(_ids(db)) == 3  # good.txt, the whole page and what there is of the cut one
    assert "1 HTML pages cut short" in _reports(db)["crawl.warc"]
    assert rows(db, "select level from build_reports where file = 'crawl.warc'")[0]["level"] == "warning"


@pytest.mark.parametrize("data, reason", [(b"", "empty file"), (bytes(range(256)) * 20, "not a readable web archive")])
def test_an_empty_or_random_archive_is_skipped_with_a_short_reason(tmp_path, data, reason):
    raw = _raw(tmp_path, {"crawl.warc.gz": data})
    db = tmp_path / "out.db"
    build(raw, db, log=lambda m: None)
    report = rows(db, "select level, message from build_reports where file = 'crawl.warc.gz'")[0]
    assert report["level"] == "skipped" and report["message"].startswith(reason)
    assert len(report["message"]) < 200 and report["message"].isprintable()


def test_the_scratch_directory_a_killed_build_left_is_removed_by_the_next(tmp_path, monkeypatch):
    import tempfile
    from ingest import tempfiles
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    left = tmp_path / f"corpus-build-abc.tmp-{tempfiles._host()}-{gone}"
    (left / "x").mkdir(parents=True)
    alive = tmp_path / f"corpus-build-def.tmp-{tempfiles._host()}-{os.getpid()}"
    alive.mkdir()
    raw = _raw(tmp_path, {})
    build(raw, tmp_path / "out.db", log=lambda m: None, cache_dir=False)
    assert not left.exists() and alive.exists()  # the other one's process still runs: this one
    assert list(tmp_path.glob("corpus-build-*")) == [alive]  # the build's own is gone with it
