"""Recognition rules, each on sentences written for the purpose."""
import pytest

from ingest import entities, nlp


def surfaces(mentions, type_=None):
    return [m.surface for m in mentions if type_ is None or m.type == type_]


def test_platform_lexicon_in_any_case():
    text = "Elle publie sur Viadeo, sur twitter et avec TweetDeck."
    assert surfaces(entities.lexicon_mentions(text)) == ["Viadeo", "TweetDeck", "twitter"]


def test_cues_give_organisations_and_kinds():
    text = ("Paul est consultant chez Webedia. Il a fondé l'agence Spintank. "
            "Elle intervient aussi pour Maisons du Monde et le blog Presse-papier. "
            "Reprise par le blogue Socializ, elle circule.")  # Québec spells it "blogue" (corpus 861)
    found = {m.surface: m.kind for m in entities.cue_mentions(text)}
    assert found == {"Webedia": None, "Spintank": "agency", "Maisons du Monde": None, "Presse-papier": "media",
                     "Socializ": "media"}


def test_cue_never_takes_a_person_or_a_concept():
    text = "Le dîner chez Julie. Il travaille pour Community Management."
    assert entities.cue_mentions(text) == []


def test_public_bodies():
    text = "Il a travaillé à l'office de tourisme de Saint-Malo puis à la mairie de Lyon."
    assert surfaces(entities.public_body_mentions(text)) == ["office de tourisme de Saint-Malo", "mairie de Lyon"]


def test_acronym_heads_of_public_bodies_count_in_capitals_only():
    text = "Merci à l'OT de Perros et à la CCI de Brest ; on en parle ot de Rennes."
    assert surfaces(entities.public_body_mentions(text)) == ["OT de Perros", "CCI de Brest"]


def test_domain_names_but_not_urls():
    text = "J'achète sur Cdiscount.com et sur vente-privee.com, voir http://www.example.com/page."
    assert surfaces(entities.domain_mentions(text)) == ["Cdiscount.com", "vente-privee.com"]


def test_given_names_with_surname():
    text = "Un grand merci à Sophie Marceau et à Kevin pour la relecture."
    assert surfaces(entities.first_name_mentions(text)) == ["Sophie Marceau", "Kevin"]


def test_an_initial_and_a_surname_name_a_person_but_a_civil_title_does_not():
    text = ("« … » (V.Delobelle, Global Product Director), selon S. Magniant et J.-M. Lefebvre ; "
            "M. Durand, Mme Petit et le Dr Martin ne sont pas des initiales, ni P. Promotion, ni M. DUPONT. "
            "Corpus 613 (a magazine's interview) sets its interviewee in capitals: A. MERCHIERS. "
            "Corpus 625: les fils Twitter des lignes L et J. Je suis ravie.")
    assert surfaces(entities.initial_name_mentions(text)) == ["V.Delobelle", "S. Magniant", "J.-M. Lefebvre",
                                                              "A. MERCHIERS"]


def test_an_initial_name_the_model_calls_an_organisation_is_a_person():
    text = "(V.Delobelle, Global Product Director chez Monster Worldwide, leader mondial de la gestion de carrière)."
    found = entities.recognize(text, nlp.analyse([text])[0])
    assert ("V.Delobelle", "PER") in [(m.surface, m.type) for m in found]


def test_known_names_match_without_accents():
    text = "Merci Helene ! Comme le dit Hélène Durand, et Durand encore."
    found = surfaces(entities.settle_overlaps(entities.known_name_mentions(text, ["Hélène Durand"])))
    assert sorted(found) == ["Durand", "Helene", "Hélène Durand"]


def test_coordination_with_a_known_organisation():
    text = "Des marques comme Zalando ou Spartoo le font."
    orgs = [entities.Mention(text.index("Spartoo"), text.index("Spartoo") + 7, "Spartoo", "ORG", "rule", "rule")]
    assert surfaces(entities.coordination_mentions(text, orgs)) == ["Zalando"]


def test_a_comma_does_not_coordinate_and_a_lexicon_name_keeps_one_capital():
    """A list after a comma goes on with people ("Haz, Wellingston et
    Nakredor" under Nintendo, corpus 628's layout); "Youtube" is YouTube."""
    text = "Avec Nintendo, Wellingston et Nakredor. Sur Facebook, Youtube ou Dailymotion."
    orgs = [m for m in entities.recognize(text, None) if m.type == "ORG"]
    assert [m.surface for m in orgs] == ["Nintendo", "Facebook", "Youtube", "Dailymotion"]
    assert entities.org_lexicon()[entities.key("Youtube")] == "platform"


def test_an_acronym_coordinated_with_an_organisation_is_one():
    """229's tribune: "L’Oréal ou P&G" names two companies; a lone capital
    ("M. Dupont") or a trade acronym ("SEO") beside a company is none."""
    text = "L’Oréal ou P&G étaient à cette époque d’excellents exemples. Danone et SEO, Orange et M. Dupont."
    found = entities.recognize(text, None)
    assert [m.surface for m in found if m.type == "ORG"] == ["L’Oréal", "P&G", "Danone", "Orange"]


@pytest.mark.parametrize("surface,ok", [
    ("Marie Lambert", True), ("Théo le Gurun", True), ("Sébastien ROBIN", True),
    ("TO", False), ("RT", False), ("Community Manager", False), ("bienque non exhautive", False),
    ("ducrocq\n\n Oula", False), ("http://twitter.com/tregor", False), ("INTERNAUTES", False),
])
def test_person_name_filter(surface, ok):
    assert entities.is_person_name(surface) is ok


def test_trim_span_drops_greetings_and_punctuation():
    text = "Merci Yvain !"
    assert entities.trim_span(text, 0, len(text)) == (6, 11)


def test_recognize_with_the_model_filters_concepts_and_places():
    text = ("Le Community Management selon Claire Moreau, community manager chez Rezonet à Lyon : "
            "elle utilise Netvibes. Les Social Media changent tout.\nCaroline\nDupuis a répondu.")
    found = entities.recognize(text, nlp.analyse([text])[0])
    per, org = surfaces(found, "PER"), surfaces(found, "ORG")
    assert "Claire Moreau" in per
    assert {"Rezonet", "Netvibes"} <= set(org)
    assert not {"Community Management", "Social Media", "Lyon"} & set(per + org)
    assert all("\n" not in m.surface for m in found)
    assert all(text[m.start:m.end] == m.surface for m in found)


def test_label_mentions():
    paragraphs = ["Intro.", "Anne Roux : Bonjour ?", "Q : Et ?"]
    found = entities.label_mentions(paragraphs, [(1, "Anne Roux"), (2, "Q")])
    text = "\n\n".join(paragraphs)
    assert [(text[m.start:m.end], m.source) for m in found] == [("Anne Roux", "structure")]


def test_given_names_come_from_the_general_list():
    # Neither was in a hand list; gender-guesser's list knows both.
    text = "Un entretien avec Flavien et avec Solange Derrey."
    assert surfaces(entities.first_name_mentions(text)) == ["Flavien", "Solange Derrey"]


@pytest.mark.parametrize("surface, ok", [("Asie Orientale.pour", False), ("C.Turpin", True),
                                         ("Nicolas Gutierrez C.", True)])
def test_a_sentence_run_into_the_next_is_no_name(surface, ok):
    assert entities.is_person_name(surface) is ok


@pytest.mark.parametrize("word, classes", [("distinguons", {"verb"}), ("Battez", {"verb"}),
                                           ("Ingrédients", {"noun"}), ("Sandra", set()), ("Speck", set())])
def test_word_forms_after_the_lemmatizer(word, classes):
    assert entities.word_form_classes(word) == classes


@pytest.mark.parametrize("text", ["Battez les blancs en neige ferme avec une pincée de sel.",
                                  "Distinguons les points de vue.",
                                  "Le protestantisme pense que le capital est un don de Dieu qu'il doit multiplier."])
def test_a_capitalised_french_word_is_no_person(text):
    found = entities.recognize(text, nlp.analyse([text])[0])
    assert [m.surface for m in found if m.type == entities.PER] == []


def test_a_lone_given_name_must_read_as_a_name():
    text = "Non, je vis en France depuis 2009 et Cathy aussi."
    found = entities.recognize(text, nlp.analyse([text])[0])
    assert [m.surface for m in found if m.type == entities.PER] == ["Cathy"]
    # A given name inside an organisation's name is part of that name.
    text = ("Soucieux de la protection de vos données personnelles, nous vous informons que sur le site "
            "ARTE RADIO, ARTE France et des tiers utilisent des cookies et autres traceurs.")
    found = entities.recognize(text, nlp.analyse([text])[0])
    assert [m.surface for m in found if m.type == entities.PER] == []


@pytest.mark.parametrize("surface, ok", [("2018", False), ("2020évaluation", False), ("53mondays", True),
                                         ("01net", True), ("TF1", True), ("France 2", True)])
def test_a_number_or_a_glued_year_is_no_organisation(surface, ok):
    assert entities.is_org_name(surface, acronym=True) is ok


def test_a_year_before_a_known_organisation_is_not_coordinated_with_it():
    text = "Le 27 septembre 2018, Mediapart publie un article sur ce député."
    found = entities.recognize(text, nlp.analyse([text])[0])
    assert "2018" not in [m.surface for m in found]


@pytest.mark.parametrize("surface", ["Master 2", "IUP Info", "Master II Marketing", "Global Product Director",
                                     "LA PRO DU BUZZ", "Le Community Management"])
def test_degrees_titles_and_headings_are_not_organisations(surface):
    assert not entities.is_org_name(surface)


def test_common_words_need_more_than_the_model_to_be_organisations():
    assert entities.is_dictionary_word("Promotion") and entities.is_dictionary_word("Recruter")
    assert not entities.is_dictionary_word("RegionsJob") and not entities.is_dictionary_word("Archimag")


def test_organisations_after_general_cues():
    text = ("Il a créé l'agence de communication digitale 53mondays, fait un stage à RegionsJob, "
            "étudié au sein de l'IESEG Lille en 2008 et travaille depuis trois ans pour Surikate.")
    assert surfaces(entities.cue_mentions(text)) == ["53mondays", "RegionsJob", "IESEG Lille", "Surikate"]


def test_public_bodies_in_full_and_bare_forms():
    text = "Le conseil régional a réagi avec le comité régional du tourisme et la Communauté d'agglomération Caen."
    assert surfaces(entities.public_body_mentions(text)) == [
        "conseil régional", "comité régional du tourisme", "Communauté d'agglomération Caen"]


def test_names_with_a_head_word_take_its_kind():
    text = "Publié aux Éditions Diateino, préfacé par l'Association Bretagne Web et l'Université Lyon 2."
    assert [(m.surface, m.kind) for m in entities.head_mentions(text)] == [
        ("Éditions Diateino", "company"), ("Association Bretagne Web", "ngo"), ("Université Lyon 2", "school")]


def test_a_cue_that_names_the_kind_takes_given_names_acronyms_and_described_cues():
    # Sentences of dev pages: a blog named like a woman, an agency with a
    # two-letter name, a cabinet described in lower case before its name.
    text = ("Solange Derrey, rédactrice pour le blog Rose Orage. Une tribune de Catherine Michaud, "
            "présidente de l'agence XL. Le cabinet de recrutement Altaide vient de publier un article.")
    assert {m.surface: m.kind for m in entities.cue_mentions(text)} == {
        "Rose Orage": "media", "XL": "agency", "Altaide": "company"}


def test_a_cue_stays_on_its_line_and_is_not_part_of_a_name():
    text = "On comprend mieux l'intérêt de ce blog\n\nCette interview, « Chef de Publicité Agence Média »."
    assert entities.cue_mentions(text) == []


def test_an_apposition_says_what_a_name_is():
    text = ("Chargée d'étude chez Heaven (une agence que j'aime beaucoup). Selon S.Magniant, "
            "directeur de l'linkfluence USA, une société qui propose de la veille.")
    # "USA" follows a lower-case name: the apposition describes "linkfluence USA", not "USA".
    assert [(m.surface, m.kind) for m in entities.apposition_mentions(text)] == [("Heaven", "agency")]


def test_the_page_s_own_site_named_in_its_text():
    text = "Non, Nous les geeks on ne vous abandonne pas. Un entretien pour Acteurs publics."
    assert surfaces(entities.site_mentions(text, "nouslesgeeks")) == ["Nous les geeks"]
    assert surfaces(entities.site_mentions(text, "acteurspublics")) == ["Acteurs publics"]
    # A blog named after its author names a person, not an organisation.
    assert entities.site_mentions("Jessica Bensaid est consultante.", "jessicabensaid") == []


def test_a_former_name_in_parentheses_is_the_same_organisation():
    from ingest import resolve
    text = "Un Master au sein de l'ESIEE Management (anciennement ISTM), une business school. L'ISTM recrute."
    found = entities.recognize(text, nlp.analyse([text])[0])
    istm = [m for m in found if m.surface == "ISTM"]
    assert istm and istm[0].alias_of == "ESIEE Management"
    orgs = [e for e in resolve.resolve_document([(None, m) for m in found], resolve.DocumentStructure())
            if e.type == entities.ORG]
    assert [sorted(set(e.names)) for e in orgs] == [["ESIEE Management", "ISTM"]]


def test_the_model_s_one_word_person_read_as_a_verb_is_that_verb():
    text = "Balancer sur autrui ou décrier un produit n’a sans doute rien de nouveau."
    assert entities.recognize(text, nlp.analyse([text])[0]) == []


def test_a_lone_given_name_after_en_is_a_place_even_without_the_model():
    # Titles are read without the model: "en France" must not give a person.
    assert entities.first_name_mentions("Le portrait du community manager en France") == []


def test_a_reference_s_abbreviation_is_no_person():
    """A PDF's citation line (raw/219): "(Ed.)" is the editor's mark, though
    "Ed" is a given name; Ed the person, with no dot, stays one."""
    text = ("Manuscrit auteur, publié dans \"Archimag Guide Pratique\", Groupe SERDA (Ed.) (2009). "
            "Ed Sheeran a répondu aux fans.")
    assert surfaces(entities.recognize(text, nlp.analyse([text])[0]), "PER") == ["Ed Sheeran"]


def test_a_lexicon_name_that_heads_a_common_phrase_is_the_common_noun():
    """206: the book "E-réputation : Stratégies d'influence sur Internet" names
    no magazine; "le magazine Stratégies" and "le compte Twitter de la marque" do."""
    def orgs(text):
        return [m.surface for m in entities.lexicon_mentions(text)]
    assert orgs("le livre E-réputation : Stratégies d’influence sur Internet") == []
    assert orgs("Le magazine Stratégies a publié une enquête.") == ["Stratégies"]
    assert orgs("le compte Twitter de la marque") == ["Twitter"]


def test_an_organisation_spelt_out_before_its_acronym():
    """221: "le Centre suisse d’enseignement du marketing (SAWI)" names one
    school under two names; an acronym of one capital is no name."""
    text = "Une formation lancée par le Centre suisse d’enseignement du marketing (SAWI). Une Union (Ok)."
    found = [(m.surface, m.alias_of) for m in entities.recognize(text, None) if m.type == "ORG"]
    assert found == [("Centre suisse d’enseignement du marketing", None),
                     ("SAWI", "Centre suisse d’enseignement du marketing")]


def test_an_acronym_joins_its_spelt_out_organisation():
    """Through resolution, the spelt-out name, its acronym and the acronym
    used again later are one organisation, named in full."""
    from ingest import resolve
    text = "Le Centre national de la recherche scientifique (CNRS) recrute. Le CNRS forme des docteurs."
    found = entities.recognize(text, nlp.analyse([text])[0])
    orgs = [e for e in resolve.resolve_document([(None, m) for m in found], resolve.DocumentStructure())
            if e.type == entities.ORG]
    assert [sorted(e.names) for e in orgs] == [["CNRS", "CNRS", "Centre national de la recherche scientifique"]]


def test_a_compound_given_name_is_one_when_each_part_is():
    from ingest import lexicons
    assert lexicons.is_given_name("Pierre-Gaël") and lexicons.is_given_name("Jean-Baptiste")
    assert not lexicons.is_given_name("Pierre-Plateau")


def test_a_greeting_or_a_rank_does_not_open_a_name():
    # Corpus 708 ("Cher Max, tout d'abord …"): "Cher" is a given name somewhere.
    text = "Cher Max, tout d’abord quel honneur. Chère Diane Martin, merci. Le capitaine Marc Roy répond."
    names = surfaces(entities.first_name_mentions(text))
    assert "Cher Max" not in names and "Diane Martin" in names and "Marc Roy" in names


def test_a_given_name_with_an_accented_capital_is_one():
    # Corpus 655 (gendinfo.fr): "l'adjudante Émilie", the interviewee, was
    # nobody: gender-guesser lists "Emilie" and "Hélène", not "Émilie".
    from ingest import lexicons
    assert all(lexicons.is_given_name(w) for w in ("Émilie", "Éric", "Éloïse", "Étienne-Marie", "Hélène"))
    assert lexicons.given_name_gender("Émilie") == "f" and lexicons.given_name_gender("Édouard") == "m"
    assert not lexicons.is_given_name("Écologie")


def test_a_given_name_the_model_reads_inside_an_organisation_starts_no_person():
    """scribd.com's interview: "France Télévisions" starts like "France
    Dupont"; the model reads it as an organisation, and so it stays."""
    from ingest import entities, nlp
    text = "Enfin, retour chez France Télévisions où l’on m’a confié le développement, avec Marie Dupont."
    found = {(m.surface, m.type) for m in entities.recognize(text, nlp.analyse([text])[0])}
    assert ("France Télévisions", "ORG") in found and ("Marie Dupont", "PER") in found
    assert not any(t == "PER" and s.startswith("France") for s, t in found)


def test_the_model_s_longer_name_of_an_organisation_wins_over_its_start():
    """itespresso.fr and bfmbusiness.com: a head noun or a lexicon name the
    rules know is the start of the name the model reads whole."""
    from ingest import entities, nlp
    text = ("Alexi Tauzin, étudiant de l’Ecole de management de Strasbourg, a mené l'enquête. "
            "Le community manager de la SNCF est connu. BFM Business l'a rencontré.")
    orgs = {m.surface for m in entities.recognize(text, nlp.analyse([text])[0]) if m.type == "ORG"}
    assert {"Ecole de management de Strasbourg", "BFM Business"} <= orgs
    assert not {"Ecole", "BFM"} & orgs


def test_a_word_with_a_capital_inside_is_a_name_not_a_dictionary_word():
    from ingest import entities
    assert entities.is_dictionary_word("modem") and not entities.is_dictionary_word("MoDem")


def test_the_model_s_fuller_name_wins_over_a_given_name_rule_inside_it():
    # Train 409 (Emergence Web, 2015): the lexicon takes "El" for a given
    # name; the model reads the whole name.
    text = ("Il aura fallu que Zineb El Rhazoui, journaliste et membre de la rédaction de Charlie Hebdo, "
            "raconte la suite. Le colonel Brice Mangou a confirmé.")
    doc = nlp.load()(text)
    people = [m.surface for m in entities.recognize(text, doc) if m.type == entities.PER]
    assert people == ["Zineb El Rhazoui", "Brice Mangou"]


def test_a_given_name_inside_an_organisation_the_model_reads_is_no_person():
    # Train 368 (France Bleu): the page's title ends in "France", a given
    # name the structure passes on; the photo credit names Radio France.
    text = "Illustration échange Twitter le 09.12.20 © Radio France - Capture Ecran\n\nMilo répond aux voyageurs."
    doc = nlp.load()(text)
    found = [(m.surface, m.type) for m in entities.recognize(text, doc, known_people=["France", "Milo"])]
    assert ("France", entities.PER) not in found and ("Milo", entities.PER) in found


def test_chez_names_an_organisation_even_when_it_starts_with_a_given_name():
    # Train 427 (Machine à écrire): an agency named after its founders.
    text = "Et je peux appeler mon bon ami qui est vice-président chez Sid Lee et celui-ci me donnera un conseil."
    assert [(m.surface, m.type) for m in entities.cue_mentions(text)] == [("Sid Lee", entities.ORG)]
    assert entities.cue_mentions("Le film a été réalisé par Julien Rousset en 2012.") == []


def test_institutions_spelt_in_lower_case_and_names_joined_by_connectors():
    # Train 470, 476, 461, 302 and 301: how French names its institutions.
    text = ("Il a étudié à l’université de Lille, puis rejoint le CHU de Nantes et la gendarmerie des Vosges, "
            "l’Académie d’Orléans-Tours et l’Ambassade du Royaume du Maroc. Une banque de CV ne suffit pas.")
    found = [(m.surface, m.kind) for m in entities.public_body_mentions(text) + entities.head_mentions(text)]
    assert sorted(found) == [("Académie d’Orléans-Tours", "public_body"),
                             ("Ambassade du Royaume du Maroc", "public_body"), ("CHU de Nantes", "public_body"),
                             ("gendarmerie des Vosges", "public_body"), ("université de Lille", "school")]


def test_a_caption_names_the_person_without_the_word_before_the_given_name():
    # Train 305 (marine-landre.fr): the image's caption, printed twice.
    assert entities.caption_name("Photo Rudy Turinay") == "Rudy Turinay"
    assert entities.caption_name("Marie Dupont au salon") == "Marie Dupont au salon"
    assert entities.caption_name("Photo de groupe") == "Photo de groupe"


def test_the_employer_named_after_a_post_in_apposition_is_an_organisation():
    # Train 358 (L'Orient-Le Jour) and the corpus opening of a 2013 post on Hadopi.
    text = ("« Le community manager gère l'image en ligne de l'entreprise », explique Ralph Saadé, community "
            "manager de Live Love Beirut, entreprise sociale fondée en 2012. Eric Walter, le secrétaire général "
            "de l’Hadopi, avait repéré un billet. Frédéric Fougerat, dans Le Dico de la Com, le dit aussi. "
            "Sophie Morel, chargée de communication à Lyon, et Paul Roux, président de la République.")
    doc = nlp.load()(text)
    orgs = [m.surface for m in entities.recognize(text, doc) if m.type == entities.ORG]
    assert "Live Love Beirut" in orgs and "Hadopi" in orgs
    assert not {"Com", "Lyon", "République"} & set(orgs)


def test_a_name_that_a_street_or_a_venue_bears_is_no_person():
    # Train 409 and 508, corpus 644: a place called after a person names
    # the place; the same name elsewhere still names the person.
    text = ("Le carnage du 10 rue Nicolas Appert a choqué. Le forum s'est tenu à l'espace Pierre Cardin."
            " Ancien élève du lycée Louis Joseph Janvier, il admire Nicolas Appert.")
    people = surfaces(entities.recognize(text, nlp.analyse([text])[0]), "PER")
    assert "Pierre Cardin" not in people and "Louis Joseph" not in people
    assert people.count("Nicolas Appert") == 1


def test_an_organisation_named_again_is_a_mention_again():
    # Train 352 (La Presse): the model reads "l'INIS" in one sentence and
    # not in the one that says who works there; a name that is also a word
    # ("Orange" aside, "Un") is repeated only where a finder said so.
    text = "Un jour, Véronique Marino, directrice du programme à l'INIS. L'INIS forme. Un autre jour."
    found = [entities.Mention(text.index("INIS", 60), text.index("INIS", 60) + 4, "INIS", entities.ORG, "model", "model"),
             entities.Mention(0, 2, "Un", entities.ORG, "model", "model")]
    again = entities.repeated_mentions(text, found)
    assert [(m.start, m.surface) for m in again] == [(text.index("INIS"), "INIS"), (text.index("INIS", 60), "INIS")]


def test_a_full_name_found_once_is_found_wherever_it_recurs_and_a_first_name_never():
    # Train 458 (Tchadinfos): the model reads "Guelbe Dongar Urbain" in one
    # sentence and not in the one where that person is reported.
    text = "Guelbe Dongar Urbain, CM, nous reçoit. Guelbe Dongar Urbain rassure. Guelbe a raison. Marie aussi."
    found = [entities.Mention(0, 20, "Guelbe Dongar Urbain", entities.PER, "model", "model"),
             entities.Mention(text.index("Marie"), text.index("Marie") + 5, "Marie", entities.PER, "model", "model")]
    again = entities.repeated_mentions(text, found)
    assert [(m.start, m.surface, m.type) for m in again] == [(0, "Guelbe Dongar Urbain", entities.PER),
                                                             (text.index(" Guelbe") + 1, "Guelbe Dongar Urbain",
                                                              entities.PER)]


def test_chez_x_et_y_names_two_employers_and_never_a_person():
    # Train 317 and 354: "chez Culturofil et Semiocast" are two companies;
    # "chez Hydro-Québec et Nadine Mathurin", a company and a person.
    text = ("Elle partage son expérience chez Culturofil et Semiocast. Un jugement que partage Nicolas"
            " Chikhani, conseiller chez Hydro-Québec et Nadine Mathurin, gestionnaire de communauté.")
    assert surfaces(entities.cue_mentions(text)) == ["Culturofil", "Semiocast", "Hydro-Québec"]
    assert entities._coordinated_parts("Arts et métiers", 0, 15) == [(0, 15)]


def test_a_given_name_inside_a_longer_foreign_name_is_no_person():
    # Train 516 and 409: "We Are Social" is an agency whose name holds a
    # given name, "Abou Bakr" a name of another language; after a French
    # word or an acronym a given name still opens a person's name.
    assert entities.continues_a_name("l'agence We Are Social", len("l'agence We "))
    assert entities.continues_a_name("le calife Abou Bakr al-Baghdadi", len("le calife Abou "))
    for text, name in (("le Colonel Brice Mangou", "Brice"), ("Bonjour Marie", "Marie"),
                       ("JEU VIDEO Théodore Solari", "Théodore"), ("selon Marie Dupont", "Marie")):
        assert not entities.continues_a_name(text, text.index(name)), text
    text = "Je lisais un article de l'agence « We Are Social » quant au métier."
    assert "Are Social" not in surfaces(entities.recognize(text, nlp.analyse([text])[0]), "PER")


def test_a_name_the_model_reads_as_a_person_that_opens_with_an_acronym_is_none():
    # Train 320 and 525, corpus 647: "CM du Puy Foot Auvergne", "CM Junior",
    # "le CM de Quechua" are posts the model reads as people.
    text = "Anthony Boyer, CM du Puy Foot Auvergne, explique. Le poste de CM Junior attire."
    people = surfaces(entities.model_mentions(text, nlp.analyse([text])[0]), "PER")
    assert "Anthony Boyer" in people and not [p for p in people if p.startswith("CM")]


def test_a_name_the_model_reads_as_a_person_that_a_head_word_opens_is_an_organisation():
    # Train 452 and 354: the model reads "Radio-Canada" as a person.
    text = "Aujourd’hui, on nous demande d'accompagner les programmations télévisuelles de Radio-Canada."
    doc = nlp.analyse([text])[0]
    assert ("Radio-Canada", "PER") in [(e.text, e.label_) for e in doc.ents]  # the model's reading
    found = [(m.surface, m.type, m.kind) for m in entities.model_mentions(text, doc)]
    assert ("Radio-Canada", entities.ORG, "media") in found


def test_a_post_spelt_as_an_acronym_names_its_employer_too():
    # Train 320 (Les Olympistes), corpus 658: "CM de l'Union Bordeaux-Bègles",
    # "CEO de Netino".
    text = ("Florent Crouzet, CM de l’Union Bordeaux-Bègles. « Ma fonction principale est d’animer les réseaux. »"
            " Ce n'est pas de la censure, rappelle Jérémie Mani, CEO de Netino, un spécialiste de la modération.")
    orgs = [m.surface for m in entities.recognize(text, nlp.analyse([text])[0]) if m.type == entities.ORG]
    assert "Union Bordeaux-Bègles" in orgs and "Netino" in orgs


def test_a_determiner_or_a_department_alone_is_no_organisation():
    # Train 366 (Dynamique Mag), corpus 609 (Keep it simple), 638 (HuffPost),
    # and a place read after "à": "l'émission La tête au carré" gave "La",
    # "chez Ouest Digital et Voix officielle du pOD" gave "Voix".
    text = ("Antoine Bonvoisin, community manager de l’émission La tête au carré sur France Inter, s’explique. "
            "- Gwen, chef de projet social media chez Ouest Digital et Voix officielle du pOD. "
            "Il y a Sophie Morel, chargée de communication à Lyon.")
    orgs = [m.surface for m in entities.recognize(text, nlp.analyse([text])[0]) if m.type == entities.ORG]
    assert orgs == ["France Inter", "Ouest Digital"]


def test_a_platform_named_like_a_french_noun_is_found_only_capitalised():
    # Train 312 and 522, corpus 610 and 849: "ne font pas mention de votre
    # nom" named the monitoring tool Mention; "sur twitter" still names Twitter.
    text = "Vos comptes ne font pas mention de votre nom. Je suis sur twitter et j'utilise Mention."
    assert surfaces(entities.lexicon_mentions(text)) == ["Mention", "twitter"]


def test_a_public_body_named_after_de_la_or_de_l():
    # Corpus 747 (HuffPost, 2018): "le ministère de l'Écologie" was no
    # organisation, the head's preposition being read without its article;
    # the prepositions are one list (entities.yml name_prepositions).
    text = ("Le ministère de l'Écologie a publié un tweet au timing malencontreux. "
            "Il a travaillé à la mairie de Lyon et à l'ambassade du Royaume du Maroc.")
    assert surfaces(entities.public_body_mentions(text)) == [
        "ministère de l'Écologie", "mairie de Lyon", "ambassade du Royaume du Maroc"]


def test_a_known_given_name_that_is_a_word_is_a_person_only_where_the_tagger_reads_a_name():
    """A title's "France" (a given name) is known to the page; the country
    in the text is no person. A full known name still is."""
    text = "Les community managers en France sont nombreux, dit France Dupont."
    found = entities.recognize(text, nlp.analyse([text])[0], known_people=["France", "France Dupont"])
    assert [m.surface for m in found if m.type == "PER"] == ["France Dupont"]


@pytest.mark.parametrize("surface,ok", [
    ("Petit Larousse", True), ("ESI Marketing", True), ("Ligue 2", True), ("La Première", True),
    ("Gestionnaire de Communauté", False), ("Catégorie B", False), ("Réseaux et de Communautés", False),
])
def test_a_miscellaneous_name_of_common_words_only_is_no_organisation(surface, ok):
    assert entities._names_something(surface) is ok


def test_one_word_names_the_model_reads_as_miscellaneous():
    # Train 518 (Keljob), 312 (Philippe Isola), 461 (Soir Mag): a one-word
    # name the model calls miscellaneous is an organisation when it is no
    # French word; train 467 and dev 211: words joined by a hyphen or run
    # together ("Double-diplômé", "ManagerRetour") are not, nor a month or
    # an abbreviation ("Nov", "Ed").
    for sentence, name in [
            ("Les salaires progressent, d’après le baromètre des salaires Expectra.", "Expectra"),
            ("L’appellation Community Manager est entrée au Larousse en 2016.", "Larousse"),
            ("Le compte de la gendarmerie relaie les alertes de MétéoFrance chaque matin.", "MétéoFrance")]:
        doc = nlp.analyse([sentence])[0]
        e = next(e for e in doc.ents if e.text == name)
        assert entities._one_word_name(doc, e.start_char, e.end_char), name
    for sentence, word in [("Double-diplômé du CESEM Reims et de l’ESB Reims, il a rejoint l'école.", "Double-diplômé"),
                           ("Community ManagerRetour à la liste des fiches métiers.", "ManagerRetour"),
                           ("Publié le 3 Nov 2012 par l'équipe.", "Nov"),
                           ("Sous la direction de Paul Martin, Ed. Eyrolles.", "Ed")]:
        doc = nlp.analyse([sentence])[0]
        start = sentence.index(word)
        assert not entities._one_word_name(doc, start, start + len(word)), word
