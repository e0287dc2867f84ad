"""Resolution: first names, initials, pseudonyms, roles, cross-document merge."""
import json

from ingest import speakers
from ingest.entities import Mention
from ingest.resolve import Commenter, DocumentStructure, affiliations, resolve_document, sightings
from ingest.rows import entity_links, entity_rows


def mention(text, surface, type_="PER", occurrence=0, source="model"):
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(surface, start + 1)
    return Mention(start, start + len(surface), surface, type_, "model" if source == "model" else "rule", source)


def people(entities):
    return {e.name: sorted(e.names) for e in entities if e.type == "PER"}


def test_first_name_alone_joins_the_full_name():
    text = "Marc Lenoir est arrivé. Marc parle. Lenoir conclut."
    ents = resolve_document([(None, mention(text, "Marc Lenoir")), (None, mention(text, "Marc", occurrence=1)),
                             (None, mention(text, "Lenoir", occurrence=1))], DocumentStructure())
    assert people(ents) == {"Marc Lenoir": ["Lenoir", "Marc", "Marc Lenoir"]}


def test_ambiguous_first_name_stays_apart():
    text = "Marc Lenoir et Marc Blanc. Marc parle."
    ents = resolve_document([(None, mention(text, "Marc Lenoir")), (None, mention(text, "Marc Blanc")),
                             (None, mention(text, "Marc", occurrence=2))], DocumentStructure())
    assert set(people(ents)) == {"Marc Lenoir", "Marc Blanc", "Marc"}


def test_a_misspelt_surname_joins_the_person():
    text = "Sylvie Marchetti le dit. Plus loin, ajoute Sylvie Marcheti. Sylvie Marchetti et Sylvie Martin aussi."
    ents = resolve_document([(None, mention(text, "Sylvie Marchetti")), (None, mention(text, "Sylvie Marcheti")),
                             (None, mention(text, "Sylvie Marchetti", occurrence=1)),
                             (None, mention(text, "Sylvie Martin"))], DocumentStructure())
    assert people(ents) == {"Sylvie Marchetti": ["Sylvie Marcheti", "Sylvie Marchetti"],
                            "Sylvie Martin": ["Sylvie Martin"]}


def test_public_bodies_and_agencies_by_any_of_their_names():
    text = "La mairie de Lyon recrute. La ville de Lyon aussi. Le conseil régional de Bretagne, la région Bretagne " \
           "et le conseil régional. Kalo Agency, alias Kalo."
    ents = resolve_document([(None, mention(text, s, "ORG")) for s in (
        "mairie de Lyon", "ville de Lyon", "conseil régional de Bretagne", "région Bretagne", "conseil régional",
        "Kalo Agency", "Kalo")], DocumentStructure())
    assert sorted(sorted(e.names) for e in ents) == [
        ["Kalo", "Kalo Agency"], ["conseil régional", "conseil régional de Bretagne", "région Bretagne"],
        ["mairie de Lyon", "ville de Lyon"]]


def test_initials_labels_join_the_person():
    paras = ["Anne Roux : Pourquoi ?", "Paul Vidal : Parce que.", "AR : Et ensuite ?", "P.V. : On verra."]
    itv = speakers.find_interview(paras)
    text = "\n\n".join(paras)
    ms = [(None, mention(text, l, source="structure")) for l in ("Anne Roux", "Paul Vidal", "AR", "P.V.")]
    ents = resolve_document(ms, DocumentStructure(interview=itv))
    assert people(ents) == {"Anne Roux": ["AR", "Anne Roux"], "Paul Vidal": ["P.V.", "Paul Vidal"]}
    roles = {e.name: e.roles for e in ents}
    assert roles == {"Anne Roux": {"interviewer"}, "Paul Vidal": {"interviewee"}}


def test_pseudonym_commenter_linked_by_profile_address():
    structure = DocumentStructure(commenters=[
        Commenter(1, "Julie MARTIN", "http://twitter.com/juju75", "comment"),
        Commenter(2, "juju75", "http://juju.example.org/", "comment"),
        Commenter(3, "Le Blog Pro", None, "pingback")])
    ents = resolve_document([], structure)
    assert people(ents) == {"Julie Martin": ["Julie MARTIN", "juju75"]}
    julie = next(e for e in ents if e.type == "PER")
    assert julie.roles == {"commenter"} and julie.comments == {1, 2}
    assert [(e.name, e.kind) for e in ents if e.type == "ORG"] == [("Le Blog Pro", "media")]


def test_author_and_caption_roles():
    itv = speakers.find_interview(["Votre parcours ?", "Oui.", "Vos outils ?", "Twitter.", "Avenir ?", "Radieux."])
    ents = resolve_document([], DocumentStructure(interview=itv, captions=["Léa Marchand", "Léa Marchand"],
                                                  author="Léa Marchand"))
    assert {e.name: e.roles for e in ents} == {"Léa Marchand": {"interviewee", "author"}}


def test_person_or_organisation_decided_by_the_stronger_evidence():
    text = "Rezonet recrute. Il travaille chez Rezonet."
    ents = resolve_document([(None, mention(text, "Rezonet")),
                             (None, mention(text, "Rezonet", "ORG", occurrence=1, source="rule"))],
                            DocumentStructure())
    assert [(e.type, e.name) for e in ents] == [("ORG", "Rezonet")]


def test_affiliations_with_titles():
    text = "Selon Léa Marchand, directrice marketing chez Tiboo, et Paul Vidal, qui travaille pour Zorg."
    ms = [(None, mention(text, n, t, source="rule")) for n, t in
          (("Léa Marchand", "PER"), ("Tiboo", "ORG"), ("Paul Vidal", "PER"), ("Zorg", "ORG"))]
    ents = resolve_document(ms, DocumentStructure())
    assert [(p.name, o.name, t) for p, o, t in affiliations(text, ents)] == [
        ("Léa Marchand", "Tiboo", "directrice marketing"), ("Paul Vidal", "Zorg", None)]


def _affiliations(text, names):
    ms = [(None, mention(text, n, t, source="rule")) for n, t in names]
    return [(p.name, o.name, t) for p, o, t in affiliations(text, resolve_document(ms, DocumentStructure()))]


def test_affiliations_in_appositions_parentheses_and_de():
    """The forms of the train set's press articles (baronmag, buzzles,
    lesolympistes, slideshare): an apposition ending in a preposition, the
    employer in parentheses, "X de Y"."""
    text = ("Un jugement que Nicolas Chikhani, conseiller en stratégie numérique chez Hydro-Québec, partage, "
            "annonce Jacques Froissant, directeur général du cabinet de recrutement Altaïde. "
            "Merci à Aline Dubois (La Redoute). « Ma fonction » convient Maxime Malovry de Chambly.")
    assert _affiliations(text, [("Nicolas Chikhani", "PER"), ("Hydro-Québec", "ORG"), ("Jacques Froissant", "PER"),
                                ("Altaïde", "ORG"), ("Aline Dubois", "PER"), ("La Redoute", "ORG"),
                                ("Maxime Malovry", "PER"), ("Chambly", "ORG")]) == [
        ("Nicolas Chikhani", "Hydro-Québec", None),
        ("Jacques Froissant", "Altaïde", "directeur général du cabinet de recrutement"),
        ("Aline Dubois", "La Redoute", None), ("Maxime Malovry", "Chambly", None)]


def test_joining_or_leading_a_place_is_an_affiliation_and_a_title_keeps_its_prefix():
    text = ("Léa Marchand a rejoint Tiboo en 2010. Paul Vidal dirige Zorg depuis dix ans. "
            "Jean Roy, vice-président de Lune, le dit. Anne Lamy, p-dg de Kiwi, aussi.")
    assert _affiliations(text, [("Léa Marchand", "PER"), ("Tiboo", "ORG"), ("Paul Vidal", "PER"), ("Zorg", "ORG"),
                                ("Jean Roy", "PER"), ("Lune", "ORG"), ("Anne Lamy", "PER"), ("Kiwi", "ORG")]) == [
        ("Léa Marchand", "Tiboo", None), ("Paul Vidal", "Zorg", None), ("Jean Roy", "Lune", "vice-président"),
        ("Anne Lamy", "Kiwi", "dg")]


def test_no_affiliation_across_another_person_or_a_story():
    text = ("Benoît Thieulin, chef de la campagne de Ségolène Royal et directeur de La Netscouade. "
            "Zineb El Rhazoui, journaliste et membre de la rédaction, témoigne de son expérience dans un article"
            " poignant dans Le Monde.")
    assert _affiliations(text, [("Benoît Thieulin", "PER"), ("Ségolène Royal", "PER"), ("La Netscouade", "ORG"),
                                ("Zineb El Rhazoui", "PER"), ("Le Monde", "ORG")]) == []


def test_a_name_spelt_two_ways_in_one_document_joins_the_row_of_another():
    """After the report of 'Sylvain Leclercq' and 'Sylvain Leclerq' as two
    rows: one document gives both spellings, another one of them; one row,
    named with the spelling most documents give. A given name alone merges
    nothing across documents."""
    from ingest.resolve import Sighting
    found = [Sighting("a", "PER", "Sylvain Leclerq", "sylvain leclerq", ["Sylvain Leclerq", "Sylvain Leclercq"], [],
                      None),
             Sighting("b", "PER", "Sylvain Leclercq", "sylvain leclercq", ["Sylvain Leclercq"], [], None),
             Sighting("c", "PER", "Sylvain", "sylvain", ["Sylvain"], [], None)]
    people = entity_rows(found)["people"]
    assert sorted((p["name"], p["document_count"]) for p in people) == [("Sylvain", 1), ("Sylvain Leclercq", 2)]
    full = [json.loads(p["aliases"]) for p in people if p["name"] != "Sylvain"][0]
    assert full == ["Sylvain Leclerq", "Sylvain Leclercq"]


def test_cross_document_merge_on_normalised_key():
    a = "Sébastien Robin parle de Liligo.com."
    b = "SEBASTIEN ROBIN et liligo.com, puis Liligo."
    ents_a = resolve_document([(None, mention(a, "Sébastien Robin")), (None, mention(a, "Liligo.com", "ORG"))],
                              DocumentStructure())
    ents_b = resolve_document([(None, mention(b, "SEBASTIEN ROBIN")), (None, mention(b, "liligo.com", "ORG")),
                               (None, mention(b, "Liligo", "ORG"))], DocumentStructure())
    rows = entity_rows(sightings("a", ents_a) + sightings("b", ents_b))
    assert [(p["name"], json.loads(p["aliases"]), p["document_count"]) for p in rows["people"]] == [
        ("Sébastien Robin", ["Sébastien Robin", "SEBASTIEN ROBIN"], 2)]
    assert len(rows["organizations"]) == 1
    assert set(json.loads(rows["organizations"][0]["aliases"])) == {"Liligo.com", "liligo.com", "Liligo"}
    mentions = entity_links("a", a, ents_a, {})["mentions"]
    assert all(a[m["start"]:m["end"]] == m["surface"] for m in mentions)
    assert {m["person_id"] for m in mentions} - {None} == {rows["people"][0]["id"]}
    assert {m["organization_id"] for m in mentions} - {None} == {rows["organizations"][0]["id"]}
    # The rows do not depend on the order documents come in.
    assert entity_rows(sightings("b", ents_b) + sightings("a", ents_a)) == rows


def test_what_a_speaker_says_of_where_they_work():
    """camillejourdain.fr: "je suis en poste à Regionsjob" in an answer is
    the speaker's affiliation; "je suis présente sur LinkedIn" is not."""
    text = "Cela va faire 4 ans que je suis en poste à Regionsjob. Je suis présente sur LinkedIn."
    ms = [(None, mention(text, "Regionsjob", "ORG", source="rule")),
          (None, Mention(text.index("LinkedIn"), text.index("LinkedIn") + 8, "LinkedIn", "ORG", "rule", "rule",
                         "platform"))]
    ents = resolve_document(ms, DocumentStructure())
    flavien = resolve_document([(None, Mention(0, 0, "Flavien", "PER", "rule", "rule"))], DocumentStructure())[0]
    spoken = [(0, len(text), flavien)]
    assert [(p.name, o.name) for p, o, _ in affiliations(text, ents, spoken)] == [("Flavien", "Regionsjob")]
    assert affiliations(text, ents) == []


def test_one_rule_s_type_outvotes_any_number_of_the_model_s():
    # Train 508 (La Revue du digital): "président de Netino" says an
    # organisation; the model reads "Netino" as a person three times.
    text = ("Jérémie Mani, président de Netino, a parlé. Les outils de Netino gèrent l'historique. "
            "L'action de Netino est critiquée. Les équipes de Netino sont à Madagascar.")
    mentions = [(None, mention(text, "Netino", "ORG", 0, source="rule"))]
    mentions += [(None, mention(text, "Netino", "PER", k)) for k in (1, 2, 3)]
    found = resolve_document(mentions, DocumentStructure())
    assert [(e.type, e.name, len(e.mentions)) for e in found] == [("ORG", "Netino", 4)]


def test_a_compound_given_name_alone_finds_its_full_name():
    # Train 452 (Infopresse): "Jean-Sébastien" is one given name, not a
    # given name and a surname.
    text = "Jean-Sébastien Giroux, vice-président de Substance, note une complexification. Jean-Sébastien ajoute."
    mentions = [(None, mention(text, "Jean-Sébastien Giroux")), (None, mention(text, "Jean-Sébastien", occurrence=1))]
    found = resolve_document(mentions, DocumentStructure())
    assert [(e.name, len(e.mentions)) for e in found] == [("Jean-Sébastien Giroux", 2)]


def stated_affiliations(text):
    """(person, organisation, title) names of ``text``'s affiliations, its
    entities found by the build's own recognition and resolution."""
    from ingest import entities, nlp
    mentions = [(None, m) for m in entities.recognize(text, nlp.load()(text))]
    found = resolve_document(mentions, DocumentStructure())
    return [(p.name, o.name, title) for p, o, title in affiliations(text, found)]


def test_an_employer_found_by_its_apposition_is_the_person_s_affiliation():
    text = "Selon Ralph Saadé, community manager de Live Love Beirut, entreprise sociale fondée en 2012, tout change."
    assert stated_affiliations(text) == [
        ("Ralph Saadé", "Live Love Beirut", "community manager")]


def test_a_post_held_au_an_institution_is_an_affiliation():
    # Train 476 (MNH): "est chargée de communication au CHU de Nantes".
    text = "Emmanuelle Dubois, 38 ans, est chargée de communication au CHU de Nantes depuis septembre 2000."
    assert [(p, o) for p, o, _ in stated_affiliations(text)] == [("Emmanuelle Dubois", "CHU de Nantes")]


def test_a_post_and_employer_before_the_name_are_an_affiliation():
    # A corpus opening (CHU d'Angers, 2013): "Le directeur du CHU d'Angers, Yann Bubien, …".
    text = "Le projet intéresse les patients. Le directeur du CHU d’Angers, Yann Bubien, et sa directrice approuvent."
    assert stated_affiliations(text) == [("Yann Bubien", "CHU d’Angers", "directeur")]


def test_a_publication_s_label_or_by_line_is_no_person():
    """Train 302 and 466: the school asks its questions as "EAMII :", the
    magazine signs "ELLE Belgique". Neither is a person (the page's author
    they stay); the person who answers is, and so is an interviewer named
    by a given name."""
    from ingest.analyse import Document, Processed, analyse_processed
    paragraphs = ["EAMII : Bonjour Samuel, peux-tu te présenter ?",
                  "Samuel Boyer : Je suis community manager dans une agence de Montpellier.",
                  "EAMII : Quel conseil donnerais-tu aux étudiants ?",
                  "Samuel Boyer : Soyez curieux et lisez beaucoup."]

    def names(author, paras=paragraphs):
        text = "\n\n".join(paras)
        doc = Document(id="t", source_file="t.txt", text=text, genre="interview", language="fr",
                       encoding="utf-8", sha256="", format="text", author=author)
        found = analyse_processed(Processed(doc, paras, [], [], speakers.find_interview(paras)), None)
        return {e.name for e in found.entities if e.type == "PER"}

    assert names("ELLE Belgique") == {"Samuel Boyer"}
    assert names("Marine") == {"Samuel Boyer", "Marine"}
    assert names(None, [p.replace("EAMII", "Julie Morel") for p in paragraphs]) == {"Samuel Boyer", "Julie Morel"}


def test_an_apposition_of_several_parts_still_names_the_employer():
    """Train 452 and 466: an age or a second post before the one that says
    where ("X, vice-président, directeur général de Y", "X, 23 ans,
    community manager pour le food truck Y")."""
    text = ("Jean-Sébastien Giroux, vice-président, directeur général de Substance stratégies, note une évolution. "
            "Fanny Granger, 23 ans, community manager pour le food truck Keep on Toasting.")
    assert [(p, o) for p, o, _ in _affiliations(text, [
        ("Jean-Sébastien Giroux", "PER"), ("Substance stratégies", "ORG"), ("Fanny Granger", "PER"),
        ("Keep on Toasting", "ORG")])] == [("Jean-Sébastien Giroux", "Substance stratégies"),
                                           ("Fanny Granger", "Keep on Toasting")]


def test_a_sentence_that_opens_with_where_its_subject_works_is_an_affiliation():
    """Train 355 (Aujourd'hui en France): "Au sein de l'Ifocop, X a créé son
    poste"; "Chez Y, Z" alike; not an organisation that only ends a clause."""
    text = ("Au sein de l’Ifocop, Guillaume Ermenault a créé son poste de webmarketer. Chez Orange, Julie Morel"
            " anime la communauté. Il a parlé de Spitak, Paul Roux aussi.")
    assert [(p, o) for p, o, _ in _affiliations(text, [
        ("Ifocop", "ORG"), ("Guillaume Ermenault", "PER"), ("Orange", "ORG"), ("Julie Morel", "PER"),
        ("Spitak", "ORG"), ("Paul Roux", "PER")])] == [("Guillaume Ermenault", "Ifocop"), ("Julie Morel", "Orange")]


def test_an_employer_behind_a_department_or_a_descriptive_word_is_the_affiliation():
    # Train 371 (Mind), 354 (Baron Mag), 477 (Toulouse): the post names a
    # department ("du Pôle visuel de L'Obs"), a description stands before
    # the name ("du site bien-être Hiphiphip"), the model reads the name as a
    # place after "de" ("de Burson-Marsteller I&E") or it is a broadcaster's
    # hyphenated name ("à Radio-Canada").
    text = ("Cette session a été animée par Aurélien Viers, directeur du Pôle visuel de L’Obs et Maxime Drouet, "
            "directeur du département digital de Burson-Marsteller I&E. Né aux Etats-Unis, le métier a émergé.")
    assert [(p, o) for p, o, _ in stated_affiliations(text)] == [
        ("Aurélien Viers", "L’Obs"), ("Maxime Drouet", "Burson-Marsteller I&E")]
    text = ("«Ce qui n’est pas entièrement faux!», blague Catherine Cormier, fondatrice du site bien-être Hiphiphip. "
            "Un jugement que Nadine Mathurin, gestionnaire de communauté à Radio-Canada a aussi entendu.")
    assert [(p, o) for p, o, _ in stated_affiliations(text)] == [
        ("Catherine Cormier", "Hiphiphip"), ("Nadine Mathurin", "Radio-Canada")]
