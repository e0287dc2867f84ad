from ingest import comments
from ingest.clean import normalize


def parse(text):
    lines = list(enumerate(normalize(text).split("\n")))
    return comments.parse_comments(lines)


def test_wordpress_says_layout_with_date_line():
    found, removed = parse(
        "3 réponses à « Mon billet »\n"
        "Julie dit :\n"
        "12 mars 2011 à 10 h 15 min\n"
        "Très juste, merci.\n"
        "Répondre\n"
        "Marc Petit dit :\n"
        "13 mars 2011 à 08:02\n"
        "Je ne suis pas d'accord.\n"
        "Deuxième paragraphe de Marc.\n"
        "Laisser un commentaire\n"
        "Nom *\n")
    assert [(c.author_name, c.published) for c in found] == [("Julie", "2011-03-12"), ("Marc Petit", "2011-03-13")]
    assert found[1].text == "Je ne suis pas d'accord.\n\nDeuxième paragraphe de Marc."
    assert {r.text for r in removed} >= {"Répondre", "Laisser un commentaire"}


def test_signature_after_text_layout():
    found, _ = parse(
        "Commentaires\n"
        "Bravo pour cet article.\n"
        "Écrit par : Sophie | 22/11/2010\n"
        "Je partage cet avis.\n"
        "Sur deux lignes.\n"
        "Écrit par : Luc D. | mardi 23 novembre 2010\n")
    assert [(c.author_name, c.published, c.text) for c in found] == [
        ("Sophie", "2010-11-22", "Bravo pour cet article."),
        ("Luc D.", "2010-11-23", "Je partage cet avis.\n\nSur deux lignes."),
    ]


def test_an_english_signature_keeps_its_date_apart_from_the_name():
    found, _ = parse(
        "Comments\n"
        "Great post.\n"
        "Posted by: Jane Doe on March 3, 2012\n")
    assert [(c.author_name, c.published) for c in found] == [("Jane Doe", "2012-03-03")]


def test_url_name_layout_and_pingbacks():
    found, removed = parse(
        "À propos de l'auteur\n"
        "Consultant web depuis 2005.\n"
        "• http://www.example.org/blog Anne-Laure\n"
        "Merci pour ce partage.\n"
        "• Trackback: Revue de presse du 3 mars | Le Blog du Web - actualités\n"
        "• Pingback: Mon lien\n")
    assert [(c.kind, c.author_name, c.author_url) for c in found] == [
        ("comment", "Anne-Laure", "http://www.example.org/blog"),
        ("trackback", "Le Blog du Web", None),
        ("pingback", "Mon lien", None),
    ]
    assert "Consultant web depuis 2005." in {r.text for r in removed}


def test_name_and_date_on_one_line():
    found, _ = parse("Pierre, le 4 juin 2012 à 14h02\nBelle synthèse.\nNadia | 05/06/2012\nOui.")
    assert [(c.author_name, c.published, c.text) for c in found] == [
        ("Pierre", "2012-06-04", "Belle synthèse."), ("Nadia", "2012-06-05", "Oui.")]


def test_stated_counts():
    assert comments.stated_count("12 commentaires") == 12
    assert comments.stated_count("Commentaires (0)") == 0
    assert comments.stated_count("Publié dans X | Lien permanent | Commentaires (3)") == 3
    assert comments.stated_count("Un commentaire sur la forme") is None


def test_a_magazine_dateline_opens_no_comment():
    """territorial.fr prints "Article du numéro 442 - 01 mai 2012" under its
    headline: a reference with a number, not a commenter and a date."""
    from ingest import comments
    assert not comments.is_comment_start("Article du numéro 442 - 01 mai 2012", "Nouvelles technologies")
    assert comments.is_comment_start("jean75 - 01 mai 2012", "Bravo pour cet article.")
