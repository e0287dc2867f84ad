"""Exports (ingest/export.py): every annotation survives the trip into
W3C Web Annotation, brat standoff and TEI, and back."""
import json
import re
import sqlite3
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile

import pytest

from ingest import export
from tests.conftest import ROOT

TEI = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


@pytest.fixture(scope="module")
def exported(seed_db, tmp_path_factory):
    out = tmp_path_factory.mktemp("exports")
    done = subprocess.run([sys.executable, "-m", "ingest", "export", "--db", str(seed_db), "--out", str(out)],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return out


@pytest.fixture(scope="module")
def db(seed_db):
    con = sqlite3.connect(seed_db)
    con.row_factory = sqlite3.Row
    return con


def document_ids(db):
    return [r["id"] for r in db.execute("select id from documents order by id")]


def text_of(db, doc_id, comment_id):
    if comment_id is None:
        return db.execute("select text from documents where id = ?", (doc_id,)).fetchone()[0]
    return db.execute("select text from comments where id = ?", (comment_id,)).fetchone()[0]


def anchor(text: str, quote: dict, hint: int) -> tuple[int, int]:
    """Where a TextQuoteSelector lands in ``text``, as an annotation viewer
    finds it: every place where prefix, exact and suffix follow each other,
    the nearest to the position hint when there are several."""
    whole = quote["prefix"] + quote["exact"] + quote["suffix"]
    starts = [m.start() + len(quote["prefix"]) for m in re.finditer(re.escape(whole), text)]
    assert starts, quote
    start = min(starts, key=lambda s: abs(s - hint))
    return start, start + len(quote["exact"])


def test_make_export_writes_the_three_formats_and_a_zip(exported, db):
    ids = document_ids(db)
    for d in ids:
        for name in (f"w3c/{d}.jsonld", f"brat/{d}.txt", f"brat/{d}.ann", f"tei/{d}.xml"):
            assert (exported / name).is_file(), name
    assert (exported / "brat" / "annotation.conf").is_file()
    with zipfile.ZipFile(exported / "corpus-annotations.zip") as z:
        assert set(z.namelist()) == {str(p.relative_to(exported)) for p in exported.rglob("*")
                                     if p.is_file() and p.suffix != ".zip"}
    make = (ROOT / "Makefile").read_text()
    assert re.search(r"^export: .*\n\t\$\(PY\) -m ingest export ", make, re.M)


def test_every_w3c_annotation_anchors_back_on_its_row(exported, db):
    seen = {"mentions": 0, "claims": 0}
    for d in document_ids(db):
        page = json.loads((exported / "w3c" / f"{d}.jsonld").read_text(encoding="utf-8"))
        assert page["@context"] == "http://www.w3.org/ns/anno.jsonld" and page["type"] == "AnnotationCollection"
        items = page["first"]["items"]
        assert page["total"] == len(items)
        for a in items:
            table, row_id = a["id"].rsplit("/", 2)[-2:]
            row = db.execute(f'select * from {table} where id = ?', (int(row_id),)).fetchone()
            quote, position = a["target"]["selector"]
            assert (quote["type"], position["type"]) == ("TextQuoteSelector", "TextPositionSelector")
            text = text_of(db, d, row["comment_id"])
            start, end = anchor(text, quote, position["start"])
            assert (start, end) == (position["start"], position["end"]) == (row["start"], row["end"])
            assert text[start:end] == (row["surface"] if table == "mentions" else text[row["start"]:row["end"]])
            expected_source = f"comments/{row['comment_id']}" if row["comment_id"] else f"documents/{d}"
            assert a["target"]["source"].endswith(expected_source)
            if table == "mentions":
                entity = f"people/{row['person_id']}" if row["person_id"] else f"organizations/{row['organization_id']}"
                assert any(b.get("source", "").endswith(entity) for b in a["body"])
            else:
                assert {"purpose": "classifying", "type": "TextualBody", "value": row["topic"]} in a["body"]
                if row["person_id"]:
                    assert any(b.get("source", "").endswith(f"people/{row['person_id']}") for b in a["body"])
            seen[table] += 1
    assert seen["mentions"] == db.execute("select count(*) from mentions").fetchone()[0]
    assert seen["claims"] == db.execute("select count(*) from claims").fetchone()[0]


def parse_ann(text: str) -> dict[str, tuple]:
    lines = {}
    for line in text.splitlines():
        key, rest = line.split("\t", 1)
        lines[key] = tuple(rest.split("\t"))
    return lines


def test_every_brat_annotation_gives_back_its_span_and_surface(exported, db):
    conf = (exported / "brat" / "annotation.conf").read_text(encoding="utf-8")
    topics = re.search(r"^Topic\tArg:Claim, Value:(.*)$", conf, re.M).group(1).split("|")
    assert set(topics) == {r[0] for r in db.execute("select name from topics")}
    rows_seen = 0
    for d in document_ids(db):
        text = (exported / "brat" / f"{d}.txt").read_text(encoding="utf-8")
        comments = list(db.execute("select id, text from comments where document_id = ? order by position", (d,)))
        assert text == "\n\n".join([text_of(db, d, None)] + [c["text"] for c in comments])
        shift, at = {None: 0}, len(text_of(db, d, None)) + 2
        for c in comments:
            shift[c["id"]], at = at, at + len(c["text"]) + 2
        ann = parse_ann((exported / "brat" / f"{d}.ann").read_text(encoding="utf-8"))
        for key, fields in ann.items():
            if key.startswith("T"):
                label, *spans = fields[0].replace(";", " ; ").split(" ")
                assert label in conf
                pieces = [tuple(map(int, p.split())) for p in " ".join(spans).split(" ; ")]
                assert fields[1] == " ".join(text[s:e] for s, e in pieces)
                assert all("\n" not in text[s:e] for s, e in pieces)
            elif key.startswith("R"):
                relation, arg1, arg2 = fields[0].split(" ")
                assert relation == "Speaker" and arg1[5:] in ann and arg2[5:] in ann
                assert ann[arg1[5:]][0].startswith("Claim") and ann[arg2[5:]][0].startswith("Person")
            elif key.startswith("A"):
                name, target, value = fields[0].split(" ")
                assert name == "Topic" and ann[target][0].startswith("Claim") and value in topics
        # Back to the rows: the note of each span names its row.
        for key, fields in ann.items():
            if not key.startswith("#"):
                continue
            target = fields[0].split(" ")[1]
            found = re.search(r"\b(mention|claim) (\d+)\b", fields[1])
            if not found:
                continue
            table = "mentions" if found.group(1) == "mention" else "claims"
            row = db.execute(f'select * from {table} where id = ?', (int(found.group(2)),)).fetchone()
            label, *spans = ann[target][0].replace(";", " ; ").split(" ")
            pieces = [tuple(map(int, p.split())) for p in " ".join(spans).split(" ; ")]
            start, end = pieces[0][0] - shift[row["comment_id"]], pieces[-1][1] - shift[row["comment_id"]]
            assert (start, end) == (row["start"], row["end"])
            if table == "mentions":
                assert text_of(db, d, row["comment_id"])[start:end] == row["surface"]
            rows_seen += 1
    assert rows_seen == db.execute("select (select count(*) from mentions) + (select count(*) from claims)").fetchone()[0]


def test_every_tei_file_parses_resolves_and_keeps_the_text(exported, db):
    for d in document_ids(db):
        root = ET.parse(exported / "tei" / f"{d}.xml").getroot()
        ids = {e.get(XML_ID) for e in root.iter() if e.get(XML_ID)}
        for e in root.iter():
            for attr in ("ref", "who", "ana", "prev", "resp"):
                if e.get(attr):
                    assert e.get(attr)[1:] in ids, (d, e.tag, attr, e.get(attr))
        body = root.find(f"{TEI}text/{TEI}body/{TEI}div")
        assert "".join(body.itertext()) == text_of(db, d, None)
        for div in root.iterfind(f".//{TEI}div[@type='comment']"):
            row = db.execute("select id, text from comments where id = ?",
                             (int(div.get(XML_ID).split("-")[1]),)).fetchone()
            kept = "".join(t for child in div if child.tag not in (f"{TEI}note", f"{TEI}docDate")
                           for t in [*child.itertext(), child.tail or ""]) + ""
            assert (div.text or "") + kept == row["text"]
        for table, tag in (("mentions", None), ("claims", "said")):
            for row in db.execute(f"select * from {table} where document_id = ?", (d,)):
                prefix = "mention" if table == "mentions" else "claim"
                first = root.find(f".//*[@{XML_ID}='{prefix}-{row['id']}']")
                assert first is not None, (d, table, row["id"])
                part = re.compile(rf"#{prefix}-{row['id']}(-\d+)?")
                parts = [first] + [e for e in root.iter() if part.fullmatch(e.get("prev") or "")]
                said = "".join("".join(p.itertext()) for p in parts)
                text = text_of(db, d, row["comment_id"])[row["start"]:row["end"]]
                assert said.split() == text.split()
                if table == "mentions":
                    kind = "person" if row["person_id"] else "org"
                    assert first.get("ref") == f"#{kind}-{row['person_id'] or row['organization_id']}"
                elif row["person_id"]:
                    assert first.get("who") == f"#person-{row['person_id']}"


def test_overlapping_elements_are_split_into_parts_that_keep_the_text():
    text = "Anne Martin dit : le métier change.\n\nVraiment."
    E = export._Element
    xml = export._nest(text, [E(0, 35, 0, "p", {}), E(37, 46, 0, "p", {}),
                              E(18, 46, 1, "said", {"who": "#person-1"}, "claim-1"),   # runs into the next paragraph
                              E(0, 11, 2, "persName", {"ref": "#person-1"}, "mention-1"),
                              E(12, 20, 2, "persName", {"ref": "#person-2"}, "mention-2")])  # crosses the claim's start
    root = ET.fromstring(f"<div>{xml}</div>")
    assert "".join(root.itertext()) == text
    assert [e.tag for e in root] == ["p", "p"]  # the blank between paragraphs is outside every element
    said = list(root.iter("said"))
    assert [(s.get(XML_ID), s.get("prev"), s.get("who"), "".join(s.itertext())) for s in said] == [
        ("claim-1", None, "#person-1", "le"),
        ("claim-1-2", "#claim-1", "#person-1", " métier change."),
        ("claim-1-3", "#claim-1-2", "#person-1", "Vraiment.")]
    assert "".join("".join(e.itertext()) for e in root.iter("persName")) == "Anne Martindit : le"


def test_export_of_a_missing_database_is_a_one_line_error(tmp_path):
    done = subprocess.run([sys.executable, "-m", "ingest", "export", "--db", str(tmp_path / "no.db"),
                           "--out", str(tmp_path / "out")], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 2 and done.stderr.startswith("error: no database") and "Traceback" not in done.stderr


def test_export_names_stay_short_and_distinct_and_stale_files_go(tmp_path):
    """A document id too long for a file name (249 bytes and more), two ids
    that a case-insensitive file system would make one, a deleted document,
    and characters XML forbids: every file is written, each TEI parses, and
    a second export holds only the documents still in the database."""
    from ingest.build import build
    raw = tmp_path / "raw"
    raw.mkdir()
    body = "Le community manager répond\fà Marie Durand, explique Paul Martin.\nUn caractère \uffff interdit.\n"
    names = ["a" * 10 + "é" * 120 + ".txt", "Billet.txt", "billet.txt", "gone.txt"]  # a 250-byte id
    for name in names:
        (raw / name).write_text(name[:10] + " " + body, encoding="utf-8")
    db = tmp_path / "corpus.db"
    build(raw, db, curation_on=False, log=lambda m: None, cache_dir=False)
    out = tmp_path / "exports"
    assert export.export_corpus(db, out)["tei"] == 4
    tei = sorted((out / "tei").glob("*.xml"))
    assert len(tei) == 4 and all(len(p.name.encode()) <= 255 for p in tei)
    assert len({p.name.lower() for p in tei}) == 4
    for path in tei:
        ET.parse(path)
    text = sqlite3.connect(db).execute("select text from documents where id = 'Billet'").fetchone()[0]
    assert "répondà" not in text and "à Marie" in text and "\uffff" not in text  # a form feed breaks the line
    (raw / "gone.txt").unlink()
    build(raw, db, curation_on=False, log=lambda m: None, cache_dir=False)
    export.export_corpus(db, out)
    assert len(list((out / "tei").glob("*.xml"))) == 3 and not list((out / "w3c").glob("gone*"))
    assert sorted(p.name for p in out.iterdir()) == ["README.txt", "brat", "corpus-annotations.zip", "tei", "w3c"]
    with zipfile.ZipFile(out / "corpus-annotations.zip") as z:
        assert len([n for n in z.namelist() if n.startswith("tei/")]) == 3
