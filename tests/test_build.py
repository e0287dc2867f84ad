"""End to end: the build from raw/ and from directories of bad input."""
import sqlite3
import subprocess
import sys

import pytest

from conftest import RAW, ROOT
from ingest.build import build


def rows(db, sql, *args):
    con = sqlite3.connect(db)
    con.row_factory = sqlite3.Row
    return [dict(r) for r in con.execute(sql, args)]


def test_seed_documents(seed_db):
    docs = {d["id"]: d for d in rows(seed_db, "select * from documents")}
    assert set(docs) == {p.stem for p in RAW.glob("*.txt")}
    blogspirit = docs["000_458cacc8d3f72fd7"]
    assert blogspirit["published"] == "2010-11-22"
    assert blogspirit["title"].startswith("Community Manager et expatrié")
    assert blogspirit["url"].startswith("http://marketingisdead.blogspirit.com/")
    assert "Lien permanent" not in blogspirit["text"] and "commentaires sont fermés" not in blogspirit["text"]
    spammed = docs["002_b5468d82f990941b"]
    assert spammed["has_spam"] == 1 and "kwin888" not in spammed["text"] and "%D9" not in spammed["text"]
    assert spammed["published"] == "2012-05-09" and spammed["title"] is None
    assert "Leave a Reply" not in spammed["text"]
    for d in docs.values():
        assert d["language"] == "fr"
        paragraphs = [p for p in d["text"].split("\n\n") if len(p) >= 80]
        assert len(paragraphs) == len(set(paragraphs)), d["id"]


def test_seed_comments(seed_db):
    got = rows(seed_db, "select position, kind, author_name, author_url from comments "
                        "where document_id = '003_2cc18c01b110b402' order by position")
    assert [(r["kind"], r["author_name"]) for r in got] == [
        ("comment", "Sébastien ROBIN"), ("pingback", "Choblab"), ("comment", "yvain ducrocq"),
        ("comment", "Genaro"), ("comment", "yvain ducrocq"), ("comment", "sebmaster"),
        ("comment", "yvain ducrocq"), ("pingback", "I like PM"), ("pingback", "Choblab")]
    assert got[0]["author_url"] == "http://twitter.com/sebmaster"
    doc = rows(seed_db, "select * from documents where id = '003_2cc18c01b110b402'")[0]
    assert doc["comment_count_stated"] == doc["comment_count"] == 9
    assert "About Author" not in doc["text"] and "ouhlaaa" not in doc["text"]
    assert rows(seed_db, "select count(*) n from comments where document_id != '003_2cc18c01b110b402'")[0]["n"] == 0


def test_removed_lines_keep_what_cleaning_dropped(seed_db):
    reasons = {r["reason"] for r in rows(seed_db, "select reason from removed_lines")}
    assert {"duplicate", "spam", "boilerplate", "caption", "title", "date line"} <= reasons


BAD_INPUTS = {
    "empty.txt": b"",
    "binary.txt": bytes(range(256)) * 8,
    "cp1252.txt": "Titre\nL’équipe « web » a répondu très vite, dit-elle.\nSuite du billet.".encode("cp1252"),
    "latin1.txt": "Société\nLa société a recruté un community manager à Genève.".encode("latin-1") + b"\x81",
    "bom.txt": "\ufeffUn billet avec BOM.\nSa deuxième ligne.".encode("utf-8"),
    "furniture.txt": b"Leave a Reply\n(required)\nTweet\nShare.\n",
    "copy.txt": "Un billet avec BOM.\nSa deuxième ligne.".encode("utf-8"),
    "huge.txt": b"mot " * 300_000,
    "notes.pdf": b"%PDF-1.4",
    "nom avec espaces é.txt": "Un billet au nom accentué.\nDeuxième ligne du billet.".encode("utf-8"),
}


def test_bad_inputs_are_reported_and_the_rest_builds(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    for name, data in BAD_INPUTS.items():
        (raw / name).write_bytes(data)
    db = tmp_path / "out.db"
    messages = []
    summary = build(raw, db, max_bytes=1_000_000, log=messages.append)
    ids = {r["id"] for r in rows(db, "select id from documents")}
    assert ids == {"cp1252", "latin1", "bom", "nom avec espaces é"}
    reports = {r["file"]: r["message"] for r in rows(db, "select * from build_reports where level = 'skipped'")}
    assert "empty" in reports["empty.txt"]
    assert "binary" in reports["binary.txt"]
    assert "no article text" in reports["furniture.txt"]
    assert "duplicate of bom.txt" in reports["copy.txt"]
    assert "too large" in reports["huge.txt"]
    assert "not a source file" in reports["notes.pdf"]
    assert summary.skipped == 6 and summary.documents == 4
    assert any(m.startswith("[1/") for m in messages)
    text = rows(db, "select text from documents where id = 'cp1252'")[0]["text"]
    assert "L’équipe « web »" in text
    assert sorted(p.name for p in raw.iterdir()) == sorted(BAD_INPUTS)  # raw/ untouched


def test_a_failed_build_leaves_the_previous_database(tmp_path, monkeypatch):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text("Un billet.\nSa suite.", encoding="utf-8")
    db = tmp_path / "out.db"
    build(raw, db, log=lambda m: None)
    before = db.read_bytes()
    from ingest import write
    monkeypatch.setattr(write, "schema_sql", lambda: "CREATE TABLE broken (")
    with pytest.raises(sqlite3.Error):
        build(raw, db, log=lambda m: None, full=True)  # full: written again though nothing changed
    assert db.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("out.db")] == ["out.db"]


def test_cli_reports_a_missing_raw_dir(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "ingest", "build", "--raw-dir", str(tmp_path / "nope"),
                           "--db", str(tmp_path / "x.db")], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 2 and "raw directory not found" in proc.stderr


def test_two_builds_are_identical(seed_db, tmp_path):
    again = tmp_path / "again.db"
    build(RAW, again, log=lambda m: None)
    for table in ("documents", "comments", "removed_lines"):
        assert rows(seed_db, f"select * from {table} order by 1, 2") == rows(again, f"select * from {table} order by 1, 2")


def test_seed_entities_without_curation(seed_db_auto):
    people = {r["name"]: r for r in rows(seed_db_auto, "select * from people")}
    assert "VD" in people["Vanina Delobelle"]["aliases"] and "RT" in people["Rudy Turinay"]["aliases"]
    assert "sebmaster" in people["Sébastien Robin"]["aliases"]
    roles = {(r["name"], r["role"]) for r in rows(
        seed_db_auto, "select p.name, dp.role from document_people dp join people p on p.id = dp.person_id")}
    assert {("Vanina Delobelle", "interviewer"), ("Rudy Turinay", "interviewee"), ("Rudy Turinay", "author"),
            ("Quentin Turf", "interviewee"), ("Genaro", "commenter"), ("Sandra", "quoted")} <= roles
    orgs = {r["name"] for r in rows(seed_db_auto, "select name from organizations")}
    assert {"Hootsuite", "Seesmic", "Opodo", "Vacanciel", "OT de Trébeurden", "Press Café"} <= orgs
    assert not {"Community Management", "Social Media", "RT", "TO"} & orgs
    assert all(r["method"] != "curated" for r in rows(seed_db_auto, "select method from mentions"))
    commenters = rows(seed_db_auto, "select c.author_name, p.name from comments c join people p "
                                    "on p.id = c.person_id where c.kind = 'comment'")
    assert ("sebmaster", "Sébastien Robin") in {(r["author_name"], r["name"]) for r in commenters}


def test_mention_offsets_index_the_texts(seed_db):
    for m in rows(seed_db, "select m.*, d.text as dtext, c.text as ctext from mentions m "
                           "join documents d on d.id = m.document_id left join comments c on c.id = m.comment_id"):
        text = m["ctext"] if m["comment_id"] else m["dtext"]
        assert text[m["start"]:m["end"]] == m["surface"]
        assert "\n" not in m["surface"] and "http" not in m["surface"]


def test_curation_sets_canonical_names_and_kinds(seed_db):
    orgs = {r["name"]: r["kind"] for r in rows(seed_db, "select name, kind from organizations")}
    assert orgs["La Redoute"] == "company" and orgs["Greenpeace"] == "ngo"


def test_seed_claims(seed_db_auto):
    got = rows(seed_db_auto, "select c.*, p.name from claims c left join people p on p.id = c.person_id")
    assert got and all(r["name"] for r in got)
    assert not [r for r in got if r["text"].rstrip(" )»”\"").endswith("?")]
    by = {(r["name"], r["kind"]) for r in got}
    assert {("Jeremy Herve", "answer"), ("Yaelle Teicher", "quotation"), ("Sandra", "list_item"),
            ("Yvain Ducrocq", "comment"), ("Quentin Turf", "answer")} <= by
    texts = {r["id"]: r for r in rows(seed_db_auto, "select id, text from documents")}
    comments = {r["id"]: r["text"] for r in rows(seed_db_auto, "select id, text from comments")}
    for r in got:
        source = comments[r["comment_id"]] if r["comment_id"] else texts[r["document_id"]]["text"]
        assert source[r["start"]:r["end"]] == r["text"]
    topics = {r["topic"] for r in got}
    assert {"skills", "tools", "organisation", "future"} <= topics


def test_documents_parsed_together_get_the_analysis_each_gets_alone():
    """A build hands spaCy the texts of several documents at once
    (``analyse.parse_together``); each document's analysis is the one it
    gets when parsed alone."""
    from ingest import analyse, read
    paths, _ = read.list_sources(RAW)
    processed = [analyse.process_document(read.read_raw(p, RAW)) for p in paths]
    together = analyse.parse_together(processed)
    assert [len(docs) for docs in together] == [1 + len(p.comments) for p in processed]
    for p, docs in zip(processed, together):
        assert analyse.analyse_processed(p, None, docs) == analyse.analyse_processed(p, None)
