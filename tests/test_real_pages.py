"""Real saved pages and web archives, end to end.

The pages of ``tests/fixtures/real_html/`` are copies of pages as their
sites served them (see its README); what is asserted is what a reader sees
on each page: title, by-line, date, and the commenters in page order with
the replies under their parent. The web archive ``tests/fixtures/warc/``
holds three of them among records that are not pages.
"""
import shutil

import pytest

from conftest import ROOT, rows

from ingest.build import build

REAL = ROOT / "tests" / "fixtures" / "real_html"
WARC = ROOT / "tests" / "fixtures" / "warc" / "pages.warc.gz"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def real_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("real") / "corpus.db"
    build(REAL, db, curation_on=False, log=lambda m: None, cache_dir=False)
    return db


def metadata(db, doc_id):
    (row,) = rows(db, "select title, author, published, format from documents where id = ?", doc_id)
    return row


def commenters(db, doc_id):
    """(position, author, position of the parent) of each comment, in page order."""
    return rows(db, "select c.position, c.author_name, p.position from comments c "
                    "left join comments p on p.id = c.parent_id where c.document_id = ? order by c.position",
                doc_id)


def test_canalblog_title_stated_with_the_blog_name_and_microdata_comments(real_db):
    doc = "boiremanger_medaillons-langouste"
    # <title> is "Post - Blog name"; the post's heading prints the first part.
    assert metadata(real_db, doc) == (
        "Médaillons de langouste, champignons snackés, émulsion aux cèpes et brioche", None, "2014-08-23", "html")
    assert [a for _, a, _ in commenters(real_db, doc)] == ["Celoweb", "Mamounette85", "Julie B"]


def test_spip_forum_with_replies_and_a_comment_older_than_the_post(real_db):
    doc = "regards_macronie-enquetes"
    title, author, published, _ = metadata(real_db, doc)
    assert title == ("Deux ans et demi en Macronie : une condamnation, dix mises en examen "
                     "et six enquêtes en cours")
    assert author == "Loïc Le Clerc"
    # The first comment is dated 11 September 2018: a comment's date is not the post's.
    assert published == "2018-09-30"
    found = commenters(real_db, doc)
    assert len(found) == 11
    assert found[:3] == [(1, "gabriel sempéré", None), (2, "lebrec jacques", 1), (3, "un citoyen", None)]
    assert sum(parent is not None for _, _, parent in found) == 2


def test_news_site_comments_in_a_french_list(real_db):
    doc = "lepoint_imam-beaucaire"
    assert metadata(real_db, doc)[:3] == (
        "Apologie du terrorisme : un imam de Beaucaire condamné à de la prison avec sursis",
        "Henri Frasque", "2023-11-02")
    assert [a for _, a, _ in commenters(real_db, doc)] == ["Dekisefouton", "norbert777", "Gigi de Rey"]


def test_drupal_signatures(real_db):
    doc = "dalloz_libre-cours-raoult"
    assert metadata(real_db, doc)[:3] == ("Libre cours : Raoult, les nazis et moi", "Matthieu Hy", "2020-05-07")
    assert [a for _, a, _ in commenters(real_db, doc)] == ["JPA", "BINH"]


def test_no_page_loses_its_body(real_db):
    for doc, words in rows(real_db, "select id, word_count from documents"):
        assert words >= 300, doc


# --- web archives -------------------------------------------------------------------

@pytest.fixture(scope="module")
def warc_build(tmp_path_factory):
    raw = tmp_path_factory.mktemp("warc_raw")
    shutil.copy(WARC, raw / WARC.name)
    db = tmp_path_factory.mktemp("warc_db") / "corpus.db"
    summary = build(raw, db, curation_on=False, log=lambda m: None, cache_dir=False)
    return raw, db, summary


def test_each_html_record_of_an_archive_is_a_document(warc_build):
    _, db, summary = warc_build
    found = rows(db, "select source_file, url, site, published, captured, format from documents order by url")
    assert found == [
        ("pages.warc.gz#http://www.boiremanger.net/archives/2014/08/23/30458956.html",
         "http://www.boiremanger.net/archives/2014/08/23/30458956.html", "boiremanger.net", "2014-08-23",
         "2015-03-02T10:00:00", "warc"),
        ("pages.warc.gz#https://www.dalloz-actualite.fr/node/libre-cours-raoult-nazis-et-moi",
         "https://www.dalloz-actualite.fr/node/libre-cours-raoult-nazis-et-moi", "dalloz-actualite.fr",
         "2020-05-07", "2020-05-10T12:00:00", "warc"),
        ("pages.warc.gz#https://www.lepoint.fr/societe/apologie-du-terrorisme-un-imam-de-beaucaire-condamne-a-de-la-"
         "prison-avec-sursis-02-11-2023-2541683_23.php",
         "https://www.lepoint.fr/societe/apologie-du-terrorisme-un-imam-de-beaucaire-condamne-a-de-la-prison-avec-"
         "sursis-02-11-2023-2541683_23.php", "Le Point", "2023-11-02", "2023-11-03T08:30:00", "warc"),
    ]
    assert summary.documents == 3
    # The comments of the pages are read as from a saved page.
    assert rows(db, "select count(*) from comments") == [(8,)]


def test_an_archive_reports_what_it_skipped(warc_build):
    _, db, _ = warc_build
    (message,) = [m for (m,) in rows(db, "select message from build_reports where file = 'pages.warc.gz'")]
    assert message == ("web archive: 3 HTML pages read; 6 other records skipped (3 request, "
                       "1 response (image/png), 1 response (status 301), 1 warcinfo); "
                       "1 identical HTML payloads counted once")


def test_archive_document_ids_are_stable(warc_build, tmp_path):
    raw, db, _ = warc_build
    again = tmp_path / "again.db"
    build(raw, again, curation_on=False, log=lambda m: None, cache_dir=False)
    sql = "select id, url from documents order by id"
    assert rows(again, sql) == rows(db, sql)
    assert all(doc_id.startswith("pages-") for doc_id, _ in rows(db, sql))


def test_a_file_that_is_not_an_archive_is_skipped_with_its_reason(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "broken.warc.gz").write_bytes(b"this is not a web archive")
    shutil.copy(REAL / "dalloz_libre-cours-raoult.html", raw)
    db = tmp_path / "corpus.db"
    summary = build(raw, db, curation_on=False, log=lambda m: None, cache_dir=False)
    assert summary.documents == 1
    (reason,) = rows(db, "select message from build_reports where file = 'broken.warc.gz'")
    assert reason[0].startswith("not a readable web archive")


# --- the same post, saved or copied ---------------------------------------------------

TEXT_COPY = ROOT / "tests" / "fixtures" / "real_text" / "lepoint_imam-beaucaire.txt"


def test_the_saved_page_and_its_text_copy_give_the_same_rows(real_db, tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(TEXT_COPY, raw)
    txt_db = tmp_path / "txt.db"
    build(raw, txt_db, curation_on=False, log=lambda m: None, cache_dir=False)
    doc = "lepoint_imam-beaucaire"
    queries = {
        # The text copy has no comments: people who only comment are left out.
        "people": "select distinct p.name, dp.role from document_people dp join people p on p.id = dp.person_id "
                  "where dp.document_id = ? and dp.role != 'commenter' order by 1, 2",
        "organizations": "select o.name, o.kind from document_organizations d join organizations o "
                         "on o.id = d.organization_id where d.document_id = ? order by 1",
        "claims": "select c.text, p.name, c.topic from claims c left join people p on p.id = c.person_id "
                  "where c.document_id = ? and c.comment_id is null order by c.start",
    }
    for table, sql in queries.items():
        saved, copied = rows(real_db, sql, doc), rows(txt_db, sql, doc)
        assert saved and saved == copied, table
