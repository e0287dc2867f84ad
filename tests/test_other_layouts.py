"""End to end on texts written in other conventions than the seeds':
a WordPress copy with navigation, a by-line, "Q :"/"R :" labels and
"X dit :" comments; a Hautetfort article with signature-after comments."""
import sqlite3
from pathlib import Path

import pytest

from ingest.build import build

FIXTURES = Path(__file__).parent / "fixtures" / "other_layouts"


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("layouts") / "corpus.db"
    build(FIXTURES, path, curation_on=False, log=lambda m: None)
    con = sqlite3.connect(path)
    con.row_factory = sqlite3.Row
    return con


def test_documents(db):
    docs = {r["id"]: dict(r) for r in db.execute("select * from documents")}
    wp = docs["wordpress_qr_interview"]
    assert (wp["title"], wp["author"], wp["published"], wp["genre"]) == (
        "3 questions à Marion Leclerc, community manager chez Darty", "Camille Girard", "2011-03-14", "interview")
    assert not {"Skip to content", "Accueil", "Partager", "J'aime"} & set(wp["text"].split("\n\n"))
    ht = docs["hautetfort_article"]
    assert (ht["title"], ht["author"], ht["published"]) == (
        "Le community manager est-il un stagiaire ?", None, "2011-02-07")  # not the body's 12 avril 2011
    assert "Lien permanent" not in ht["text"] and "Écrit par" not in ht["text"]


def test_comments(db):
    got = [tuple(r) for r in db.execute(
        "select document_id, position, kind, author_name, published from comments order by 1, 2")]
    assert got == [
        ("hautetfort_article", 1, "comment", "Paul", "2011-02-08"),
        ("hautetfort_article", 2, "comment", "Marie Dupuis", "2011-02-09"),
        ("wordpress_qr_interview", 1, "comment", "Julien Morel", "2011-03-15"),
        ("wordpress_qr_interview", 2, "comment", "Camille Girard", "2011-03-15"),
        ("wordpress_qr_interview", 3, "comment", "Sophie B.", "2011-03-16"),
        ("wordpress_qr_interview", 4, "pingback", "Le Mag du Web", None)]


def test_people_roles_and_claims(db):
    roles = {tuple(r) for r in db.execute(
        "select dp.document_id, p.name, dp.role from document_people dp join people p on p.id = dp.person_id")}
    assert {("wordpress_qr_interview", "Marion Leclerc", "interviewee"),
            ("wordpress_qr_interview", "Camille Girard", "author"),
            ("hautetfort_article", "Thomas Lefèvre", "quoted"),
            ("hautetfort_article", "Aurélie Martin", "quoted")} <= roles
    orgs = {r[0] for r in db.execute("select name from organizations")}
    assert {"Darty", "Spintank", "Netscouade", "Orange"} <= orgs and "Leclerc" not in orgs
    claims = {(r[0], r[1]) for r in db.execute(
        "select p.name, c.text from claims c join people p on p.id = c.person_id where c.comment_id is null")}
    assert ("Marion Leclerc", "Non, tout est géré en interne.") in claims
    assert ("Thomas Lefèvre", "la voix d'une marque ne peut pas être confiée à quelqu'un qui part dans six mois") in claims
    assert not [t for _, t in claims if t.endswith("?")]
