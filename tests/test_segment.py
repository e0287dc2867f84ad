from ingest import segment
from ingest.clean import normalize


def test_title_after_date_line_and_tail():
    page = segment.split_page(normalize(
        "12/04/2011\n"
        "Le community manager, un métier d'avenir ?\n"
        "Premier paragraphe du billet.\n"
        "Deuxième paragraphe.\n"
        "Articles similaires\n"
        "Un autre billet\n"))
    assert page.title == "Le community manager, un métier d'avenir ?"
    assert page.header_dates == ["2011-04-12"]
    assert [l for _, l in page.body] == ["Premier paragraphe du billet.", "Deuxième paragraphe."]
    assert [l for _, l in page.tail] == ["Articles similaires", "Un autre billet"]


def test_a_sentence_is_not_a_title():
    page = segment.split_page("Le métier de community manager est apparu vers 2008 en France.\nSuite.")
    assert page.title is None


def test_a_lowercase_caption_is_not_a_title():
    page = segment.split_page("photo d'une conférence\nBonjour à tous,\nTexte.")
    assert page.title is None


def test_first_question_of_an_unlabeled_interview_is_not_a_title():
    qa = ["Quel est votre parcours ?", "Une école de commerce puis une agence.",
          "Quels outils utilisez-vous ?", "Surtout Netvibes et TweetDeck.",
          "Un conseil ?", "Écouter avant de parler."]
    page = segment.split_page("\n".join(qa))
    assert page.title is None
    assert len(page.body) == 6


def test_byline_gives_author_and_date():
    page = segment.split_page("Mon titre\nPublié le 3 mai 2011 par Claire Martin\nLe texte.\nSuite du texte.")
    assert page.title == "Mon titre"
    assert page.header_dates == ["2011-05-03"]
    assert page.bylines == ["Claire Martin"]
    # The section it was filed in may come between the verb and the name.
    for line in ("Posted in Community Management by Claire Martin", "Publié dans Réseaux sociaux par Claire Martin"):
        assert segment.byline_author(line) == "Claire Martin"
    assert segment.byline_author("Dans cet article par exemple") is None
    # Raw 639: without a verb of publishing, "dans … par X" is prose.
    assert segment.byline_author("Dans cet épisode, je réponds à une question qui m’a été posée par Maureen.") is None


def test_a_name_printed_alone_is_a_by_line_that_says_less():
    page = segment.split_page("Mon titre\nThierry MARTEAU\nLe texte.\nSuite du texte.")
    assert page.bylines == ["Thierry MARTEAU"] and page.name_lines == {"Thierry MARTEAU"}
    page = segment.split_page("Mon titre\nPar Claire Martin\nLe texte.\nSuite du texte.")
    assert page.bylines == ["Claire Martin"] and page.name_lines == set()


def test_a_name_with_a_role_an_account_a_date_or_a_reading_time_is_a_by_line():
    for line in ["Jean Dupont, consultant web", "Jean Dupont (@jdupont)", "Jean Dupont 12 mars 2012",
                 "Jean Dupont · 3 min de lecture"]:
        page = segment.split_page(f"Le community manager, un métier d'avenir ?\n{line}\nLe texte.\nSuite du texte.")
        assert page.bylines == ["Jean Dupont"], line
    # An employer makes it a headline's subject, not a by-line.
    assert segment.name_with_tail("Jean Dupont, community manager chez Orange") is None


def test_a_by_line_names_its_first_author_without_what_follows_the_name():
    assert segment.byline_author("Propos recueillis par Jean Dupont et Marie Durand") == "Jean Dupont"
    assert segment.byline_author("Par Jean Dupont Mis à jour le 12 mars 2012") == "Jean Dupont"
    assert segment.byline_author("Jean Dupont Publié le 12 mars 2012") == "Jean Dupont"
    assert segment.byline_author("Texte : Jean Dupont") == segment.byline_author("Rédaction : Jean Dupont") == "Jean Dupont"
    assert segment.byline_author("Jean Dupont (@jdupont) | 12 mars 2012") == "Jean Dupont"
    assert segment.name_with_tail("Jean Dupont @jdupont") == "Jean Dupont"


def test_the_site_s_name_above_the_title_names_its_owner():
    for top in ["Jean Dupont | Consultant en stratégie digitale", "Jean Dupont - Communication et réseaux sociaux",
                "Le blog de Jean Dupont"]:
        page = segment.split_page(f"{top}\nLe community manager, un métier d'avenir ?\n12 mars 2012\nLe texte.")
        assert page.site_owners == ["Jean Dupont"] and page.bylines == [], top
        assert page.title == "Le community manager, un métier d'avenir ?"
    page = segment.split_page("Le blog du marketing | Conseils\nUn titre\n12 mars 2012\nLe texte.")
    assert page.site_owners == []


def test_a_name_over_a_date_under_the_title_is_no_comment_section():
    """After tobelieve (raw/846): a credit over the date, under the title,
    is a label and its value, not a commenter; the article after it stays
    the body."""
    body = "On les appelle communément C.M. J’ai exercé ce métier durant quelques années. " * 3
    page = segment.split_page("Les secrets des community managers\n\nArticle : Les secrets des community managers\n"
                              f"Crédit: M.Z.\n12 mars 2022\n\nLes secrets des community managers\n\n{body}\n{body}")
    assert len(page.body) >= 2 and page.tail == []
    # After an article, the same opening starts the comments.
    page = segment.split_page(f"Un titre\n{body}\n{body}\nJulie Martin\n12 mars 2022\nMerci pour cet article !")
    assert [line for _, line in page.tail][:1] == ["Julie Martin"]


def test_a_tagline_above_the_title_leaves_the_header_to_it():
    page = segment.split_page("Le blog du marketing digital\n"
                              "Conseils et analyses sur les réseaux sociaux pour les PME et les indépendants.\n"
                              "Le community manager, un métier d'avenir ?\nPar Jean Dupont, le 12 mars 2012\n"
                              "Le texte.\nSuite du texte.")
    assert page.title == "Le community manager, un métier d'avenir ?"
    assert page.bylines == ["Jean Dupont"] and page.header_dates == ["2012-03-12"]
    # A paragraph of prose above a "publié le" line is still body.
    page = segment.split_page("Le journal a publié le 17 avril un article sur le métier de community manager, "
                              "très lu.\nPublié le 3 mai 2012\nLe texte.")
    assert page.bylines == [] and page.title is None


def test_comment_count_bubble_and_footer():
    page = segment.split_page("Titre\n4\nTexte.\nSuite.\nPosté par Paul | 3 commentaires | Lien permanent")
    assert page.stated_comments == 4
    assert page.bylines == ["Paul"]


def test_footer_count_when_no_bubble():
    page = segment.split_page("Texte du billet.\nSuite.\nRéseaux | Lien permanent | Commentaires (2)")
    assert page.stated_comments == 2


# --- by-lines in the forms of the press -----------------------------------------------

def test_by_lines_before_or_after_the_date_and_in_tribunes():
    from ingest.segment import byline_author, name_line
    assert byline_author("26 févr. 2013, PAR Sylvie Martin") == "Sylvie Martin"
    assert byline_author("Jeanne Dupuis, le 8 février 2011") == "Jeanne Dupuis"
    assert byline_author("Une tribune de Paul Henri, président de l'agence X.") == "Paul Henri"
    assert byline_author("Le 8 février 2011, la ville a ouvert un compte.") is None
    # The news sites' "name | date" (corpus 619, Les Affaires); a menu beside a date names nobody.
    assert byline_author("Katia Tobar|10 avril 2024") == "Katia Tobar"
    assert byline_author("Accueil | 3 mai 2012") is None and byline_author("Accueil, le 3 mai 2012") is None
    # The other orders and separators of blogs and news sites; a dateline is no by-line.
    for line in ("Sophie Durand - 12 mars 2013", "Sophie Durand le 12/03/2012 à 10h05", "3 mai 2012 | Sophie Durand",
                 "Par Sophie Durand (journaliste)", "Publié le 3 mai 2012 par Sophie Durand — 4 commentaires",
                 "Sophie Durand, 3 mai 2012", "Sophie Durand – 1er avril 2009"):
        assert byline_author(line) == "Sophie Durand", line
    assert byline_author("Paris, 3 mai 2012") is None and byline_author("3 mai 2012 | Accueil") is None
    # English by-lines read with the same lists (wording.yml date_words, calendar.yml ordinal_suffixes).
    for line in ("Jane Doe on 3 March 2012", "Jane Doe, 3rd May 2012", "Posted on March 3, 2012 by Jane Doe in News"):
        assert byline_author(line) == "Jane Doe", line
    # A rank or title is not part of the name (corpus 655, gendinfo.fr).
    assert byline_author("Par Capitaine Marine Rabasté") == "Marine Rabasté"
    assert byline_author("Par Docteur") == "Docteur"
    # A name alone on its line: a given name from a general list, then a surname.
    assert name_line("Thierry MARTEAU") == "Thierry MARTEAU"
    assert name_line("Community Management") is None
    assert name_line("Thierry a dit") is None


def test_a_dated_by_line_gives_the_date_and_a_numbered_heading_loses_its_number():
    page = segment.split_page("1. Comment devient-on community manager ?\nJeanne Dupuis, le 8 février 2011\n"
                      "Le métier attire de plus en plus de jeunes diplômés venus de la communication.")
    assert page.title == "Comment devient-on community manager ?"
    assert page.bylines == ["Jeanne Dupuis"] and page.header_dates == ["2011-02-08"]


def test_the_title_under_a_breadcrumb_and_a_tagline_above_a_metadata_strip():
    page = segment.split_page("Accueil Métiers Fiche métier : devenir animateur web\n"
                              "Fiche métier : devenir animateur web\n"
                              "L'animateur fédère une communauté autour d'une marque, chaque jour, en ligne.")
    assert page.title == "Fiche métier : devenir animateur web"
    page = segment.split_page("Le quotidien des gens du Sud\nBien gérer sa page\nLeSite | Opinions | 12 mars 2011\n"
                              "Une page de marque se soigne tous les jours, explique-t-on ici.")
    assert page.title == "Bien gérer sa page" and page.header_dates == ["2011-03-12"]


def test_a_sentence_that_says_publie_le_is_body_not_a_by_line():
    # Page 215 of the dev set: a long first paragraph with "a publié le …"
    # is the article's opening, not a date line to remove.
    opening = ("Le journal Sud-Ouest a publié le 17 avril 2010 un article sur le community management en "
               "général et l’agence Editoile en particulier. Un article intitulé « La pro du buzz », "
               "signé Julien Rousset. En voici l’intégralité (pour faire durer le plaisir…)")
    page = segment.split_page(normalize(
        "Sud-Ouest parle du community management\n\nPublié le 25 avril 2010 par Editoile\n\n" + opening
        + "\n\nLe texte de l'article.\n"))
    assert page.header_dates == ["2010-04-25"]
    assert opening in [l for _, l in page.body]


def test_labels_above_the_headline_give_way_to_it():
    """Page openings print their section or site above the headline (the
    openings of lavieeco.com, lorientlejour.com and carrieres-publiques.com)."""
    page = segment.split_page(normalize(
        "Carrière\n"
        "Les métiers de l’Internet prennent de l’essor, la formation dédiée pas encore\n"
        "La connaissance de l’internet est le tronc commun, mais les nouveaux usages engendrent la"
        " multiplication des spécialités.\n"))
    assert page.title == "Les métiers de l’Internet prennent de l’essor, la formation dédiée pas encore"
    assert [r.text for r in page.header] == ["Carrière", page.title]
    page = segment.split_page(normalize(
        "LES CARRIÈRES NON TRADITIONNELLES\n"
        "Le community manager : un passionné du web qui gère en ligne l’image d’une entreprise\n"
        "Parmi les nouveaux métiers nés avec l'évolution du web, celui de community manager participe à la"
        " stratégie de communication d'une entreprise.\n"))
    assert page.title.startswith("Le community manager : un passionné")
    page = segment.split_page(normalize(
        "Fiche Métier\n\nCommunity manager (Animateur de communautés web)\n\nFonction Publique Territoriale\n"))
    assert page.title == "Community manager (Animateur de communautés web)"


def test_a_headline_is_not_replaced_by_a_longer_deck():
    """A title of more than three words stays the title when a longer line
    under it presents the post (dev's jessicabensaid.fr)."""
    page = segment.split_page(normalize(
        "Qu’est-ce qu’un community manager ?\n\nCommunity management\n"
        "Jessica Bensaid vous explique ce qu'est un community manager\n\n"
        "Depuis un an, lorsque l’on me demande ce que je fais, je réponds : « Je suis community manager ».\n"))
    assert page.title == "Qu’est-ce qu’un community manager ?"


def test_a_byline_with_an_empty_date():
    """buzzone.fr prints "Publié le par X": the date was lost in the copy."""
    assert segment.byline_author("Publié le par Estelle Merceron") == "Estelle Merceron"


def test_a_compound_given_name_makes_a_name_line_and_the_headline_under_it_the_title():
    """educpros.fr: a category label, the author's name, then the headline."""
    assert segment.name_line("Pierre-Gaël Pasquiou") == "Pierre-Gaël Pasquiou"
    page = segment.split_page(normalize(
        "Catégories\nPierre-Gaël Pasquiou\n\n"
        "Rencontre avec Nicolas, Community Manager de Reims Management School\n\n"
        "Cette semaine c’est Nicolas qui prend la parole ! Nicolas est le community manager de Reims"
        " Management School.\n"))
    assert page.bylines == ["Pierre-Gaël Pasquiou"]
    assert page.title == "Rencontre avec Nicolas, Community Manager de Reims Management School"


def test_a_line_that_is_no_heading_between_the_title_and_its_by_line():
    """konbini.com prints "avatar" (its author's picture) between the
    headline and "Par X"."""
    page = segment.split_page(normalize(
        "AccueilLifestyle\n\n“Retranscrire l’esprit chambreur des vestiaires” : entretien avec le CM du Toulouse FC\n\n"
        "avatar\n\nPar Lucie Bacon\n\nLe Toulouse FC est connu pour ses tweets.\n"))
    assert page.title == "“Retranscrire l’esprit chambreur des vestiaires” : entretien avec le CM du Toulouse FC"
    assert page.bylines == ["Lucie Bacon"]


def test_a_header_set_as_a_list_and_a_title_after_a_pictograph():
    """gendinfo.fr sets its by-line and date as list items; myobservatoire
    opens its headline with an emoji; acteurspublics' comment bubble may
    be a list item too."""
    page = segment.split_page(normalize(
        "⭐️ Un CM, ça s’adapte en confinement ?\n\n  • Par Marine Rabasté\n  • Publié le 17 avril 2021\n"
        "• 05\n\nÀ l’occasion de la Journée de la femme digitale, l’adjudante Émilie présente son rôle.\n"))
    assert page.title == "Un CM, ça s’adapte en confinement ?"
    assert page.bylines == ["Marine Rabasté"] and page.header_dates == ["2021-04-17"]
    assert page.stated_comments == 5


def test_press_by_lines():
    """"Propos recueillis par X" (an interview's author, athena-mag) and
    "Article rédigé par X" (francetvinfo); a bullet or a mail address after
    the name is not part of it."""
    assert segment.byline_author("Propos recueillis par Nadine SAHABO • nadinesah@yahoo.fr") == "Nadine SAHABO"
    assert segment.byline_author("Article rédigé par Francetv Emploi") == "Francetv Emploi"
    assert segment.byline_author("Un article rédigé par le stagiaire") is None


def test_a_run_of_labels_and_a_lower_case_tag_give_way_to_the_headline():
    """A site's name and its section, two labels (train's bfmbusiness.com),
    or a tag in lower case (corpus openings of strategis and
    mavieenloireatlantique) above the headline."""
    page = segment.split_page(normalize(
        "BFM Business\nTransports\n\nQui se cache derrière le community manager de la SNCF?\n\n"
        "Le plus célèbre des animateurs de communauté sur les réseaux sociaux nous a accueilli dans son QG.\n"))
    assert page.title == "Qui se cache derrière le community manager de la SNCF?"
    page = segment.split_page(normalize(
        "strategis\n\nL'avenir du métier de community manager\n\n"
        "Le métier de community manager a beaucoup évolué depuis ses débuts, et ce n'est pas fini.\n"))
    assert page.title == "L'avenir du métier de community manager"
    page = segment.split_page("photo d'une conférence\nBonjour à tous,\nTexte.")
    assert page.title is None
