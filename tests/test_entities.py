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
            "Elle intervient aussi pour Maisons du Monde et le blog Presse-papier.")
    found = {m.surface: m.kind for m in entities.cue_mentions(text)}
    assert found == {"Webedia": None, "Spintank": "agency", "Maisons du Monde": None, "Presse-papier": "media"}


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


def test_known_names_match_without_accents():
    text = "Merci Helene ! Comme le dit Hélène Durand, et Durand encore."
    found = surfaces(entities.settle_overlaps(entities.known_name_mentions(text, ["Hélène Durand"])))
    assert sorted(found) == ["Durand", "Helene", "Hélène Durand"]


def test_coordination_with_a_known_organisation():
    text = "Des marques comme Zalando ou Spartoo le font."
    orgs = [entities.Mention(text.index("Spartoo"), text.index("Spartoo") + 7, "Spartoo", "ORG", "rule", "rule")]
    assert surfaces(entities.coordination_mentions(text, orgs)) == ["Zalando"]


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
