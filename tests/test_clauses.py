"""Clauses: a sentence that says two things on two topics gives two claims."""
import pytest

from ingest import clauses, nlp, rows
from ingest.analyse import analyse_processed
from tests.test_claims import processed


def clause_texts(sentence):
    doc = nlp.analyse([sentence])[0]
    return [sentence[s:e] for s, e in clauses.clause_bounds(doc[:])]


@pytest.mark.parametrize("sentence,expected", [
    # concession: the conjunction opens a clause of its own
    ("Le poste a évolué en même temps que moi, même si dès le début mon métier a été tourné vers le communautaire.",
     ["Le poste a évolué en même temps que moi",
      "même si dès le début mon métier a été tourné vers le communautaire."]),
    ("Je réponds aux messages le soir, bien que ce ne soit pas prévu dans mon contrat.",
     ["Je réponds aux messages le soir", "bien que ce ne soit pas prévu dans mon contrat."]),
    # coordination of two clauses, each with its subject
    ("Il anime le réseau, mais il aura aussi une mission de veille sur notre e-réputation.",
     ["Il anime le réseau", "mais il aura aussi une mission de veille sur notre e-réputation."]),
    # an incise names the speaker: its subject follows the verb
    ("2009 est l'année de naissance du métier, observe Sylvain Leclercq.", None),
    # two "que" clauses of one verb of opinion are one statement
    ("Je pense que le métier va changer, et que les agences vont devoir s'adapter.", None),
    # coordinated words, not clauses: no subject of their own
    ("J'ai fait une école de commerce, puis un master en communication.", None),
    ("Le site est drôle, et très bien fait.", None),
])
def test_clauses_of_a_sentence(sentence, expected):
    assert clause_texts(sentence) == (expected or [sentence])


def test_clauses_on_different_topics_are_read_apart_within_one_claim():
    """The first answer's clauses are about a path and the future: one
    claim, the whole sentence, with two clause rows, each with its topic.
    The second's are both about the job: one claim and no clause rows."""
    a = analyse_processed(processed([
        "Rencontre avec Hélène Vasseur, community manager.",
        "Blogueur : Et ensuite ?",
        "Hélène Vasseur : J'ai fait une école de commerce, mais le métier disparaîtra dans cinq ans. "
        "J'anime la communauté de la marque, et je modère les commentaires des lecteurs.",
    ]), registry=None)
    text = a.processed.document.text
    assert [c.text for c in a.claims] == [
        "J'ai fait une école de commerce, mais le métier disparaîtra dans cinq ans.",
        "J'anime la communauté de la marque, et je modère les commentaires des lecteurs.",
    ]
    assert all(text[c.start:c.end] == c.text and c.speaker.name == "Hélène Vasseur" for c in a.claims)
    assert len(a.claim_lemmas) == len(a.claims) == len(a.claim_topics) == len(a.claim_clauses)
    assert a.claim_topics[1].topic == "definition"
    claims, _, clauses = rows.claim_rows(a, {})
    assert [(r["text"], r["topic"]) for r in clauses] == [
        ("J'ai fait une école de commerce", "training_career"),
        ("mais le métier disparaîtra dans cinq ans.", "future"),
    ]
    assert {r["claim_id"] for r in clauses} == {claims[0]["id"]}
    assert all(text[r["start"]:r["end"]] == r["text"] for r in clauses)
