"""Saved web pages end to end: four platforms checked field by field, and a
saved HTML copy of a seed post against its plain-text version."""
import shutil

import pytest

from conftest import RAW, ROOT, rows

from ingest.build import build

FIXTURES = ROOT / "tests" / "fixtures" / "html"
SEED_TXT = "003_2cc18c01b110b402.txt"  # a WordPress post with comments and pingbacks
SEED_URL = "http://www.narominded.com/2010/07/narocast-0-discussions-sur-le-community-management/"
IMAGE_LEGEND = "Girls in Tech - très mauvais cadrage...\n"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def html_db(tmp_path_factory):
    raw = tmp_path_factory.mktemp("html_raw")
    for name in ("blogger_interview.html", "hautetfort_tourisme.html", "news_article.html"):
        shutil.copy(FIXTURES / name, raw / name)
    db = tmp_path_factory.mktemp("html_db") / "corpus.db"
    build(raw, db, curation_on=False, log=lambda m: None)
    return db


def document(db, doc_id):
    (row,) = rows(db, "select url, site, title, author, published, genre, format, comment_count, "
                      "comment_count_stated, encoding from documents where id = ?", doc_id)
    return row


def comments(db, doc_id):
    return rows(db, "select c.position, c.author_name, c.author_url, c.published, p.position, c.text "
                    "from comments c left join comments p on p.id = c.parent_id "
                    "where c.document_id = ? order by c.position", doc_id)


def names(db, doc_id, role=None):
    sql = ("select distinct p.name from document_people dp join people p on p.id = dp.person_id "
           "where dp.document_id = ?" + (" and dp.role = ?" if role else ""))
    return {n for (n,) in rows(db, sql, doc_id, *([role] if role else []))}


def orgs(db, doc_id):
    return {(n, k) for n, k in rows(db, "select o.name, o.kind from document_organizations d join organizations o "
                                        "on o.id = d.organization_id where d.document_id = ?", doc_id)}


def test_blogger(html_db):
    d = "blogger_interview"
    assert document(html_db, d) == (
        "http://carnetducm.blogspot.com/2011/03/trois-questions-claire-dumas.html", "Le carnet du CM",
        "Trois questions à Claire Dumas, community manager chez Voyelle", "Julie Marchand", "2011-03-15",
        "interview", "html", 3, 3, "utf-8")
    assert comments(html_db, d) == [
        (1, "Marc Lefort", "http://www.blogger.com/profile/0981", "2011-03-15", None,
         "Très juste sur la veille. Chez nous aussi, c'est la moitié du temps de travail."),
        (2, "Julie Marchand", "http://www.blogger.com/profile/0312", "2011-03-15", 1,
         "Merci Marc ! Je transmets à Claire."),
        (3, "Anonyme", None, "2011-03-16", None,
         "Un master n'est pas obligatoire, mais il aide à trouver un premier poste.\n\nBonne continuation pour le blog.")]
    assert names(html_db, d, "interviewee") == {"Claire Dumas"}
    assert names(html_db, d, "author") == {"Julie Marchand"}
    assert names(html_db, d, "commenter") == {"Marc Lefort", "Julie Marchand"}  # "Anonyme" is nobody
    assert {("Voyelle", "agency"), ("Twitter", "platform"), ("Facebook", "platform")} <= orgs(html_db, d)
    (text,) = rows(html_db, "select text from documents where id = ?", d)[0]
    assert "Publié par" not in text and "Libellés" not in text and "Envoyer par e-mail" not in text
    answers = rows(html_db, "select c.text from claims c join people p on p.id = c.person_id "
                            "where c.document_id = ? and c.kind = 'answer' and p.name = 'Claire Dumas'", d)
    assert ("La veille reste le cœur du métier.",) in answers
    assert not any(a.startswith(("Claire Dumas", "Merci")) for (a,) in answers)
    # An anonymous comment is still a claim, with no speaker.
    assert rows(html_db, "select person_id from claims where document_id = ? and text like 'Un master%'",
                d) == [(None,)]
    # Its closing formula is not a claim.
    assert rows(html_db, "select count(*) from claims where document_id = ? and text like 'Bonne continuation%'",
                d) == [(0,)]


def test_french_hosted_platform_in_windows_1252(html_db):
    d = "hautetfort_tourisme"
    assert document(html_db, d) == (
        "http://etourisme-bretagne.hautetfort.com/archive/2012/02/08/community-manager-ot.html",
        "etourisme-bretagne.hautetfort.com", "Le métier de community manager vu par une office de tourisme",
        "Yann Le Goff", "2012-02-08", "article", "html", 2, 2, "cp1252")
    assert comments(html_db, d) == [
        (1, "Gwenaëlle", "http://www.morbihan-numerique.fr", "2012-02-09", None,
         "Très bonne initiative. À Vannes, nous avons fait le choix inverse et confié la page à une agence de "
         "Rennes.\n\nLe résultat est correct mais moins proche du terrain."),
        (2, "Pierre Kerjean", None, "2012-02-10", None,
         "Merci pour ce témoignage, je le fais suivre à mes collègues.")]
    (text,) = rows(html_db, "select text from documents where id = ?", d)[0]
    assert "l’office de tourisme de Quimper" in text  # a windows-1252 quote in a page declared ISO-8859-1
    assert "Lien permanent" not in text and "Catégories" not in text
    assert "Sophie Le Bihan" in names(html_db, d, "quoted")
    assert {("office de tourisme de Quimper", "public_body"), ("TripAdvisor", "platform")} <= orgs(html_db, d)


def test_news_site_with_disqus_replies(html_db):
    d = "news_article"
    assert document(html_db, d) == (
        "http://www.quotidienduweb.fr/emploi/community-manager-metier-professionnalise-0412.html",
        "Le Quotidien du Web", "Community manager : un métier qui se professionnalise", "Thomas Girard",
        "2012-10-04", "article", "html", 2, 2, "utf-8")
    assert comments(html_db, d) == [
        (1, "Léa Fontaine", "http://twitter.com/lea_cm", "2012-10-04", None,
         "Enfin un article qui reconnaît que c'est un vrai métier."),
        (2, "Bruno", None, "2012-10-05", 1, "Un vrai métier, oui, mais encore mal payé en province.")]
    (text,) = rows(html_db, "select text from documents where id = ?", d)[0]
    assert text.startswith("Les offres d'emploi de community manager ont doublé en deux ans.")
    for furniture in ("Partager sur Facebook", "Les plus lus", "Mentions légales", "À lire aussi",
                      "Ne pas indexer", "dataLayer", "Activez", "Accueil >"):
        assert furniture not in text
    assert {"Nathalie Perrin", "Karim Benali"} <= names(html_db, d, "quoted")
    assert {("Social Pulse", "agency"), ("Lumitel", "other"), ("Apec", "public_body")} <= orgs(html_db, d)
    quoted = rows(html_db, "select c.text from claims c join people p on p.id = c.person_id "
                           "where c.document_id = ? and p.name = 'Karim Benali'", d)
    assert quoted == [("les marques ont compris qu'une communauté se construit sur des années, "
                       "pas sur une campagne",)]


@pytest.fixture(scope="module")
def txt_and_html(tmp_path_factory):
    """The WordPress seed as its plain-text copy (with a sources.csv row) and
    as a saved HTML page (no row: address and site come from the markup).
    The text copy is left without the legend of the post's one image, which
    only the markup tells apart from the post (a short line outside the main
    text: see ``test_the_image_legend_is_furniture_only_the_markup_shows``)."""
    txt_raw, html_raw = tmp_path_factory.mktemp("as_txt"), tmp_path_factory.mktemp("as_html")
    text = (RAW / SEED_TXT).read_text(encoding="utf-8")
    assert IMAGE_LEGEND in text
    (txt_raw / "narocast.txt").write_text(text.replace(IMAGE_LEGEND, ""), encoding="utf-8")
    (txt_raw / "sources.csv").write_text(f"file,url,site\nnarocast.txt,{SEED_URL},narominded.com\n")
    shutil.copy(FIXTURES / "wordpress_narocast.html", html_raw / "narocast.html")
    out = []
    for raw in (txt_raw, html_raw):
        db = raw.with_name(raw.name + ".db")  # beside the raw directory, never inside it
        build(raw, db, curation_on=False, log=lambda m: None)
        out.append(db)
    return out


QUERIES = {
    "metadata": "select id, url, site, title, author, published, year, genre, language, has_spam, word_count, "
                "comment_count, comment_count_stated from documents",
    "text": "select text from documents",
    "comments": "select position, kind, author_name, text, published from comments order by position",
    "people": "select name, aliases from people order by name",
    "organizations": "select name, kind, aliases from organizations order by name",
    "roles": "select p.name, dp.role from document_people dp join people p on p.id = dp.person_id order by 1, 2",
    "mentions": "select start, \"end\", surface from mentions order by comment_id, start",
    "claims": "select c.start, c.\"end\", c.text, p.name, c.topic, c.kind from claims c "
              "left join people p on p.id = c.person_id order by c.comment_id, c.start",
}


@pytest.mark.parametrize("table", QUERIES)
def test_html_copy_gives_the_same_tables_as_the_text_copy(txt_and_html, table):
    txt_db, html_db_ = txt_and_html
    assert rows(html_db_, QUERIES[table]) == rows(txt_db, QUERIES[table])
    assert rows(txt_db, QUERIES[table])  # not vacuously equal


def test_the_image_legend_is_furniture_only_the_markup_shows(txt_and_html):
    _, html_db_ = txt_and_html
    assert rows(html_db_, "select reason from removed_lines where text = ?", IMAGE_LEGEND.strip()) == [
        ("outside the main text",)]


def test_html_copy_adds_what_only_the_markup_states(txt_and_html):
    txt_db, html_db_ = txt_and_html
    assert rows(html_db_, "select format from documents") == [("html",)]
    assert rows(txt_db, "select author_url from comments where kind = 'pingback'") == [(None,)] * 3
    assert all(u.startswith("http://www.choblab.com/") for (u,) in
               rows(html_db_, "select author_url from comments where kind = 'pingback'"))


def test_broken_and_mislabelled_pages_are_built_with_a_report(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    body = "<p>Le community manager est la voix de la marque sur Twitter et sur Facebook.</p>" * 3
    (raw / "unclosed.html").write_text("<html><body><div class='post'><h1>Un billet cassé<p>" + body
                                       + "<p>Fin <b>sans fermer", encoding="utf-8")
    (raw / "says_utf8.html").write_bytes(("<html><head><meta charset='utf-8'><title>Étés</title></head><body>"
                                          "<article><h1>Été à la plage</h1>" + body + "<p>Réactivité.</p>"
                                          "</article></body></html>").encode("cp1252"))
    (raw / "empty_markup.html").write_text("<html><head><title>x</title></head><body><script>x()</script>"
                                           "</body></html>")
    db = tmp_path / "corpus.db"
    summary = build(raw, db, curation_on=False, log=lambda m: None)
    assert summary.documents == 2
    assert rows(db, "select title, encoding from documents order by id") == [
        ("Été à la plage", "cp1252"), ("Un billet cassé", "utf-8")]
    reports = {(f, level): m for _, f, level, m in rows(db, "select * from build_reports")}
    assert "declares charset utf-8" in reports[("says_utf8.html", "warning")]
    assert "no article text" in reports[("empty_markup.html", "skipped")]
    (text,) = rows(db, "select text from documents where id = 'says_utf8'")[0]
    assert text.endswith("Réactivité.")
