"""Topics: what each claim is about, and why.

A claim is read whole, through two kinds of evidence set down in the
codebook (``data/codebook.yml``):

* **cues** — dictionary forms with a weight for how specific they are
  ("compétence" 3, "métier" 1), found in the claim's lemmas or words;
* **examples** — sentences written for each topic, and real claims of the
  seed texts ("corpus examples", with the file they come from); the claim is
  compared with them through the spaCy model's word vectors (the mean vector
  of its nouns, verbs and adjectives), so that "la fonction aura disparu dans
  cinq ans" is near the future even without a cue.

Each topic scores the sum of its cue weights plus ``vector_weight`` times
what the similarity to its nearest example has above ``vector_floor``. A
claim that says what the speaker is ("je suis" + a noun, read on the
dependency parse) adds the ``self_description`` weight to its topic. An
interview answer is read with its question: the question's cues count
``context_weight`` times, and its vector joins the claim's with that weight.
The best topic wins if it reaches ``min_score``; otherwise the claim is "other".
The decision keeps its reasons (the cues found, the nearest example, the
score), which the build stores beside the topic.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache

import numpy

from . import lexicons, nlp
from .fold import key

OTHER = "other"
CONTENT_POS = {"NOUN", "VERB", "ADJ"}


@dataclass(frozen=True)
class Cue:
    written: str    # as the codebook writes it
    form: str       # folded words, space-separated, that the claim is searched for
    weight: float
    prefix: bool    # "professionnalis*": any word starting so


@dataclass(frozen=True)
class Topic:
    name: str
    cues: tuple[Cue, ...]
    examples: tuple[str, ...]   # written for the codebook, then the corpus examples' texts


@dataclass(frozen=True)
class Codebook:
    topics: tuple[Topic, ...]
    vector_weight: float
    vector_floor: float
    min_score: float
    context_weight: float
    self_description: tuple[str, float]  # (topic, weight) of "je suis + noun"
    self_description_reason: str  # how the reasons say it
    copula: str  # the lemma of "être"


@dataclass(frozen=True)
class Decision:
    """A claim's topic with the evidence for it."""

    topic: str
    score: float                 # 0 for "other" when nothing came close
    cues: tuple[str, ...]        # the cues of ``topic`` found, as written in the codebook
    example: str | None          # the nearest example of ``topic``, when it counted (above vector_floor)
    similarity: float | None     # its cosine similarity to the claim, when it counted


@cache
def codebook() -> Codebook:
    data = lexicons.load("codebook")
    topics = []
    for name, t in data["topics"].items():
        cues = tuple(Cue(str(form), key(str(form).rstrip("*")), float(w), str(form).endswith("*"))
                     for form, w in t.get("cues", {}).items())
        examples = [str(e) for e in t.get("examples", [])] + [str(e["text"]) for e in t.get("corpus_examples", [])]
        topics.append(Topic(name, cues, tuple(examples)))
    own = data["self_description"]
    return Codebook(tuple(topics), float(data["vector_weight"]), float(data["vector_floor"]),
                    float(data["min_score"]), float(data["context_weight"]), (own["topic"], float(own["weight"])),
                    str(own["reason"]), str(own["copula"]))


def codebook_rows() -> list[dict]:
    """The codebook as rows of the ``topics`` table, "other" included, so
    that the published corpus says what each topic means and what decides it."""
    data = lexicons.load("codebook")
    rows = [{"name": name, "label": t["label"], "definition": " ".join(t["definition"].split()),
             "cues": json.dumps({str(k): v for k, v in t.get("cues", {}).items()}, ensure_ascii=False),
             "examples": json.dumps(t.get("examples", []), ensure_ascii=False),
             "corpus_examples": json.dumps(t.get("corpus_examples", []), ensure_ascii=False)}
            for name, t in data["topics"].items()]
    other = data["other"]
    return rows + [{"name": OTHER, "label": other["label"], "definition": " ".join(other["definition"].split()),
                    "cues": "{}", "examples": "[]", "corpus_examples": "[]"}]


def _content_vector(tokens) -> numpy.ndarray | None:
    """The normalised mean vector of the content words of ``tokens`` (a spaCy
    Doc or Span), or None when none has a vector."""
    vectors = [t.vector for t in tokens if t.pos_ in CONTENT_POS and not t.is_stop and t.has_vector]
    if not vectors:
        return None
    v = numpy.mean(vectors, axis=0)
    norm = numpy.linalg.norm(v)
    return v / norm if norm else None


@cache
def _example_vectors() -> dict[str, tuple[list[str], numpy.ndarray]]:
    """Each topic's examples and their vectors (one row each, so that a
    claim is compared with all of them in one product), parsed once per
    process."""
    out = {}
    for topic in codebook().topics:
        docs = nlp.analyse(list(topic.examples))
        kept = [(ex, v) for ex, d in zip(topic.examples, docs) if (v := _content_vector(d)) is not None]
        out[topic.name] = ([ex for ex, _ in kept], numpy.array([v for _, v in kept]))
    return out


@cache
def _cue_regexes() -> dict[Cue, re.Pattern]:
    """Regexes for the cues a word set cannot answer: several words or a prefix."""
    return {c: re.compile(r"(?<!\w)" + re.escape(c.form) + (r"\w*" if c.prefix else "") + r"(?!\w)")
            for t in codebook().topics for c in t.cues if c.prefix or " " in c.form}


@dataclass(frozen=True)
class Folded:
    """A text as the cues are looked up in: its folded words and lemmas,
    and the set of both (made once per text, asked once per topic)."""

    words: str
    lemmas: str
    vocabulary: frozenset[str]


def folded(tokens) -> Folded:
    words, lemmas = key(tokens.text), key(" ".join(t.lemma_ for t in tokens))
    return Folded(words, lemmas, frozenset(words.split()) | frozenset(lemmas.split()))


def found_cues(topic: Topic, text: Folded) -> list[Cue]:
    """The cues of ``topic`` present in the folded words or lemmas of
    ``text``. A one-word cue is looked up in their set (one hash per cue,
    the common case); the others are searched, when the text holds their
    letters at all."""
    regexes = _cue_regexes()
    return [c for c in topic.cues
            if (c.form in text.vocabulary if c not in regexes else
                c.form in text.lemmas and regexes[c].search(text.lemmas)
                or c.form in text.words and regexes[c].search(text.words))]


def describes_the_speaker(tokens) -> bool:
    """Whether the claim says what the speaker is or does for a living,
    after the dependency parse: a noun predicate with the copula "être"
    whose subject is "je" ("Je suis aussi président de l'association", "je
    suis un autodidacte") or a noun of "mon/ma/mes" ("Ma spécialité est la
    communication d'influence")."""
    for t in tokens:
        if t.pos_ not in {"NOUN", "PROPN"}:
            continue
        deps = {c.dep_: c for c in t.children}
        subject, copula = deps.get("nsubj"), deps.get("cop")
        if subject is None or copula is None or copula.lemma_ != codebook().copula:
            continue
        if subject.lower_.replace("’", "'") in lexicons.first_person("subject") or any(
                c.dep_ == "det" and c.lower_ in lexicons.first_person("possessive") for c in subject.children):
            return True
    return False


@dataclass(frozen=True)
class Reading:
    """What the decision needs of a span, computed once per span: an
    interview question is read once however many answers it has."""

    text: Folded
    vector: numpy.ndarray | None
    describes_the_speaker: bool


def read(tokens) -> Reading:
    """The folded words and lemmas, the content vector and whether
    ``tokens`` (a spaCy Span or Doc) say what the speaker is."""
    return Reading(folded(tokens), _content_vector(tokens), describes_the_speaker(tokens))


def decide(tokens, context=None) -> Decision:
    """The topic of a claim, given as spaCy tokens (a Span or a Doc).

    ``context`` is the question an interview answer replies to: "Quel a été
    votre parcours ?" makes "j'ai commencé dans une agence" a career claim.
    Its cues count ``context_weight`` times and are listed as "question: …"."""
    return decide_read(read(tokens), read(context) if context is not None else None)


def decide_read(claim: Reading, asked: Reading | None = None) -> Decision:
    """``decide`` on spans already read (``read``)."""
    book = codebook()
    vector = claim.vector
    if vector is not None and asked is not None and asked.vector is not None:
        vector = vector + book.context_weight * asked.vector
        vector = vector / numpy.linalg.norm(vector)
    examples = _example_vectors()
    best = Decision(OTHER, 0.0, (), None, None)
    own_topic, own_weight = book.self_description
    for topic in book.topics:
        cues = found_cues(topic, claim.text)
        score = sum(c.weight for c in cues)
        reasons = [c.written for c in cues]
        if claim.describes_the_speaker and topic.name == own_topic:
            score += own_weight
            reasons.append(book.self_description_reason)
        if asked is not None:
            context_cues = [c for c in found_cues(topic, asked.text) if c not in cues]
            score += book.context_weight * sum(c.weight for c in context_cues)
            reasons += ["question: " + c.written for c in context_cues]
        example, similarity = None, None
        texts, matrix = examples[topic.name]
        if vector is not None and texts:
            similarities = matrix @ vector
            nearest = int(numpy.argmax(similarities))
            example, similarity = texts[nearest], float(similarities[nearest])
            score += book.vector_weight * max(0.0, similarity - book.vector_floor)
        if score > best.score:
            counted = similarity is not None and similarity > book.vector_floor
            best = Decision(topic.name, round(score, 3), tuple(reasons), example if counted else None,
                            round(similarity, 3) if counted else None)
    if best.score < book.min_score:
        return Decision(OTHER, best.score, (), None, None)
    return best


def decide_text(text: str) -> Decision:
    """The topic of a sentence given as a string (parses it; for tests and
    one-off use — the build passes the spans it has already parsed)."""
    return decide(nlp.analyse([text])[0])
