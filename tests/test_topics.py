"""Topics: the codebook decides, and every decision says why."""
import json

import pytest

from ingest import lexicons, nlp, topics
from ingest.fold import key as fold
from tests.conftest import ROOT, SHARED, needs_shared_eval


@pytest.mark.parametrize("sentence,topic", [
    ("Il faut être curieux et avoir une bonne orthographe.", "skills"),
    ("J'utilise Hootsuite et TweetDeck tous les jours.", "tools"),
    ("La fonction doit rester en interne, pas en agence.", "organisation"),
    ("Il n'existe aucun diplôme, on apprend sur le tas.", "training_career"),
    ("Je réponds le soir et le week-end.", "workload"),
    ("Un bad buzz peut ruiner l'e-réputation d'une marque.", "crisis_reputation"),
    ("Dans trois ans, ce métier aura disparu.", "future"),
    ("Le métier consiste à animer une communauté.", "definition"),
    ("Il pleut sur Brest.", "other"),
])
def test_topic_of_a_sentence(sentence, topic):
    assert topics.decide_text(sentence).topic == topic


def test_a_decision_keeps_its_cues_example_and_score():
    d = topics.decide_text("Les recruteurs demandent un diplôme et une première expérience.")
    assert d.topic == "training_career"
    assert {"recruteur", "diplôme"} <= set(d.cues)
    assert d.score >= topics.codebook().min_score
    examples = next(t.examples for t in topics.codebook().topics if t.name == "training_career")
    assert d.example is None or d.example in examples


def test_cues_are_read_on_lemmas_not_only_surface_forms():
    # "recrutent" and "embauchées" are not cues; their lemmas are.
    d = topics.decide_text("Les agences recrutent et les stagiaires sont rarement embauchées.")
    assert "recruter" in d.cues and "embaucher" in d.cues


def test_an_answer_is_read_with_its_question():
    doc, question = nlp.analyse(["J'ai commencé par un stage.", "Quel a été votre parcours ?"])
    alone, asked = topics.decide(doc), topics.decide(doc, question)
    assert asked.topic == "training_career"
    assert "question: parcours" in asked.cues
    assert asked.score > alone.score


def test_nothing_close_stays_other_with_no_reason_claimed():
    d = topics.decide_text("Merci beaucoup.")
    assert (d.topic, d.cues, d.example) == ("other", (), None)


def test_codebook_rows_cover_every_topic_and_other():
    rows = {r["name"]: r for r in topics.codebook_rows()}
    assert set(rows) == {t.name for t in topics.codebook().topics} | {"other"}
    for name, row in rows.items():
        assert row["definition"] and row["label"]
        if name != "other":
            assert json.loads(row["cues"]) and json.loads(row["examples"])


@needs_shared_eval
def test_codebook_examples_are_not_evaluation_sentences():
    """The codebook is written, not copied: no example shares a run of six
    words with a gold claim of the dev set (the scorer's hidden pages are
    of the same kind, so a copied sentence would only flatter the dev figure)."""
    gold = json.loads((SHARED / "eval" / "dev" / "gold.json").read_text(encoding="utf-8"))
    claims = [fold(c["fragment"]) for d in gold.values() for c in d.get("claims", [])]
    for topic in topics.codebook().topics:
        for example in topic.examples:
            words = fold(example).split()
            runs = {" ".join(words[i:i + 6]) for i in range(max(1, len(words) - 5))}
            assert not any(run in c for run in runs for c in claims), example


@needs_shared_eval
def test_codebook_examples_do_not_paraphrase_evaluation_claims():
    """Nor does an example hold, in order, every content word (lemma) of a
    dev gold claim of three or more: "Chaque service a désigné un référent
    pour répondre aux questions des internautes" would be "Il ne répondra
    pas directement aux questions des internautes" reworded."""
    gold = json.loads((SHARED / "eval" / "dev" / "gold.json").read_text(encoding="utf-8"))
    fragments = [c["fragment"] for d in gold.values() for c in d.get("claims", [])]

    def content(doc):
        return [fold(t.lemma_) for t in doc if t.pos_ in topics.CONTENT_POS and not t.is_stop]

    def in_order(needle, haystack):
        rest = iter(haystack)
        return all(word in rest for word in needle)

    claims = [c for c in map(content, nlp.analyse(fragments)) if len(c) >= 3]
    for topic in topics.codebook().topics:
        for example, doc in zip(topic.examples, nlp.analyse(list(topic.examples))):
            words = content(doc)
            assert not any(in_order(c, words) for c in claims), example


@pytest.mark.parametrize("sentence,describes", [
    ("Je suis aussi président d'une association de référenceurs.", True),
    ("Ma spécialité est la communication d'influence.", True),
    ("Je suis très curieux.", False),          # an adjective: a quality, not a post
    ("Le community manager est un pont entre la marque et ses clients.", False),  # not the speaker
])
def test_what_the_speaker_is_is_read_on_the_parse(sentence, describes):
    assert topics.describes_the_speaker(nlp.analyse([sentence])[0]) == describes


def test_a_self_description_counts_for_the_speaker_s_path_and_says_so():
    d = topics.decide_text("Je suis aussi président d'une association de référenceurs.")
    assert d.topic == topics.codebook().self_description[0]
    assert topics.codebook().self_description_reason in d.cues


def test_corpus_examples_are_real_sentences_of_the_seed_file_they_name():
    """Each corpus example is traceable: its words, in order, are in the seed
    text it names (whitespace aside, since the build joins wrapped lines)."""
    seen = 0
    for t in lexicons.load("codebook")["topics"].values():
        for e in t.get("corpus_examples", []):
            text = (ROOT / "raw" / e["source"]).read_text(encoding="utf-8")
            assert " ".join(e["text"].split()) in " ".join(text.split()), e
            seen += 1
    assert seen >= 8


def test_corpus_examples_are_compared_with_like_written_ones():
    book = {t.name: t for t in topics.codebook().topics}
    for name, t in lexicons.load("codebook")["topics"].items():
        for e in t.get("corpus_examples", []):
            assert e["text"] in book[name].examples
