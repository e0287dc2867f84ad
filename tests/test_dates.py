import pytest

from ingest import dates


@pytest.mark.parametrize("text,iso", [
    ("14/03/2011", "2011-03-14"),
    ("3.9.2012", "2012-09-03"),
    ("le mardi 3 mai 2011 à 9h30", "2011-05-03"),
    ("Publié le 1er févr. 2011, 10:12", "2011-02-01"),
    ("Publié le 7 Décembre 2009", "2009-12-07"),
    ("jeudi, 12 août 2010", "2010-08-12"),
    ("oct. 15, 2013", "2013-10-15"),
    ("sept 032012", "2012-09-03"),
    ("juin 2011", "2011-06"),
    ("Posted on 2011-03-04", "2011-03-04"),
    ("March 4, 2011 at 10:15 am", "2011-03-04"),
    ("29102009", "2009-10-29"),  # train 305 (Marine fait sa chronique), day first
])
def test_date_lines(text, iso):
    assert dates.date_line(text) == iso


@pytest.mark.parametrize("text", [
    "Le salon aura lieu le 12 mars 2011 à Paris.",
    "22:50 Publié dans Interviews",
    "31/02/2011",
    "Lundi dernier",
    "Tél. 01 23 45 67 89",
    "20091029",  # eight digits year first: an identifier as often as a date
    "32102009",
])
def test_not_date_lines(text):
    assert dates.date_line(text) is None


def test_byline_dates():
    assert dates.byline_date("par Claire Martin le 5 avril 2012") == "2012-04-05"
    assert dates.byline_date("Posted on 5 April 2012 by Claire") == "2012-04-05"
    assert dates.byline_date("Son livre sort le 5 avril 2012 chez Dunod.") is None
    # A metadata strip: the date is one field of its own.
    assert dates.byline_date("LeSite | Opinions | 12 mars 2011") == "2011-03-12"
    assert dates.byline_date("Ventes | Le 12 mars 2011, les soldes ont commencé") is None


def test_url_dates():
    assert dates.url_date("http://blog.fr/2011/06/15/mon-billet/") == "2011-06-15"
    assert dates.url_date("http://blog.fr/2010/07/mon-billet/") == "2010-07"
    assert dates.url_date("http://blog.fr/archives/1234.html") is None
    assert dates.url_date(None) is None


def test_the_press_s_other_permalink_dates():
    # Train 352 (La Presse) and 364 (Les Inrocks); a slug that ends in other
    # numbers is no date.
    assert dates.url_date("http://www.lapresse.ca/arts/medias/201201/30/01-4490644-les-nouveaux-metiers.php") \
        == "2012-01-30"
    assert dates.url_date("https://lesinrocks.com/actu/comment-les-entreprises-communiquent-119797-08-02-2010") \
        == "2010-02-08"
    assert dates.url_date("http://blog.fr/p/12-13-2011") is None  # no 13th month
    assert dates.url_date("http://blog.fr/article-08-02-2010-suite/") is None  # not the slug's end
    # Train 318 (20 Minutes): eight digits of the slug; not an impossible
    # date, nor digits of the query.
    assert dates.url_date("https://www.20minutes.fr/paris/2471987-20190315-bande-nazes-merci-reactivite") \
        == "2019-03-15"
    assert dates.url_date("http://blog.fr/a-20191345-b") is None
    assert dates.url_date("http://blog.fr/article?id=20190315") is None


def test_publication_date_prefers_header_then_footer_then_url():
    assert dates.publication_date(["2011-01-02"], ["2011-05-05"], "http://b.fr/2010/07/x") == "2011-01-02"
    assert dates.publication_date([], ["2011-05-05"], "http://b.fr/2010/07/x") == "2011-05-05"
    assert dates.publication_date([], [], "http://b.fr/2010/07/x") == "2010-07"
    assert dates.publication_date([], [], None) is None


def test_permalink_dates_without_leading_zeros_or_in_iso_form():
    """infopresse.com writes /2017/8/23/, lesoir.be /2021-06-12/."""
    from ingest.dates import url_date
    assert url_date("http://campus.infopresse.com/blogue/article/2017/8/23/competences") == "2017-08-23"
    assert url_date("https://soirmag.lesoir.be/377787/article/2021-06-12/des-gendarmes") == "2021-06-12"
    assert url_date("http://a.fr/2010/07/") == "2010-07"
    assert url_date("http://a.fr/numero-2019-12-vie") is None
    assert url_date("http://a.fr/2012/13/x") is None


def test_a_last_update_dates_a_page_that_states_no_other_date():
    # Train 302 ("Dernière mise à jour : 17 mars 2021") and raw/ 815, 842.
    assert dates.byline_date("Dernière mise à jour : 17 mars 2021") == "2021-03-17"
    assert dates.byline_date("Mis à jour : 3 janv. 2019") == "2019-01-03"
    assert dates.byline_date("Last updated on May 3, 2011") == "2011-05-03"
    # Beside a creation date, the creation is the publication (raw/ 861).
    assert dates.byline_date("Créé le dimanche 7 novembre 2010  |  Mise à jour le jeudi 16 juin 2011") == "2010-11-07"
    assert dates.byline_date("Un beau jour de mai 2011") is None
