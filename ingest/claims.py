"""Claims: who says what about the profession.

A claim is one sentence that the text attributes to a speaker (the topics
stage may then cut it into its clauses, when they are about different
topics: ``clauses.py``):

* ``answer`` — a sentence of an interview answer (labeled or not); questions
  are never claims;
* ``list_item`` — a bullet under a speaker's name ("Sandra :" then "• ..."),
  or after a line ending in a colon that quotation or reported speech just
  before credits ("Voici le métier selon X." / "Ses tâches :" / "• ...");
* ``quotation`` — a sentence inside « », “ ” or " " quotes attributed by a
  verb of saying after it, inside it as an incise, or before it with a colon
  ("X est formel : « … »", "« … » s'exclame X", "« A, confie-t-elle. B »",
  "« … », résume l'ancien journaliste"), by its source after it ("« … »,
  selon X", "« … » (X, directeur de Y)"), by the credit lines above a
  quotation set as its own paragraph ("X, 23 ans, community manager pour
  Y" / "« … »"), by the sentence of reported speech just before it ("X
  avoue qu'elle a hésité. « … »"), or continuing the last quoted speaker
  when nobody else is named in between; a quotation the text ends
  in before it closes (a page cut short) counts;
* ``reported`` — "Selon X, ...", "X explique que ...", "Pour elle, ...",
  "il trouve que ..." (a pronoun refers to the last person who is a
  grammatical subject not far before it, else to the last person named,
  whose given name does not contradict its gender); then, on the dependency parse, any
  verb of saying whose subject is a person named ("X avoue être …", "X,
  directeur de Y, note une …", "comme le rappelle X");
* ``comment`` — each sentence of a reader's comment, by its author;
* ``author_opinion`` — a sentence of the author's own text, outside quotation
  marks, in the first person singular or with an opinion marker; every
  statement of it when the author is the text's only voice (a blog post, an
  opinion piece quoting nobody) or speaks in the first person in sentences
  of their own (a blog post that quotes others): the sentences of a reporter
  who quotes others in the third person frame their words and are not the
  reporter's claims.

Verbs of saying are a list of infinitives whose inflections are generated
from conjugation tables (``scripts/make_speech_verbs.py``).
Sentences come from spaCy's segmenter, corrected so that "1/4", "web 2.0",
"…" and "etc." are not boundaries and a sentence never crosses a line break.
Verbs, openers, anaphors and first-person words are data (``data/claims.yml``).
What a claim is about is the next stage's job (``topics.py``); an answer keeps
the offsets of its question, the context that stage reads with it.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache

from . import lexicons, nlp, speakers
from .clean import BULLET_RE
from .labels import generic_role
from .speakers import is_question
from .entities import PER, paragraph_starts
from .resolve import Entity

#: A quotation in French or English marks; the last alternative is one the
#: text ends in before it closes (a page saved or copied cut short). French
#: marks may hold a quotation in the quotation, « … «Facebook managers», … »,
#: which does not close it.
QUOTE_RE = re.compile(r"«\s*(?P<a>(?:[^«»\n]|«[^«»\n]*»)+?)\s*»|“(?P<b>[^“”\n]+)”|”(?P<c>[^”\n]+?)[”″]|\"(?P<d>[^\"\n]+)\""
                      r"|«\s*(?P<e>[^«»\n]+?)\s*\Z")


#: What of a text ``find_claims`` may credit to its author.
AUTHOR_VOICES = ("all", "first_person", "none")

#: The passes that find a claim and its speaker (``claims.method``), each
#: with its own measured confidence (``data/claim_confidence.json``).
METHODS = ("answer_label", "answer_interviewee", "list_label", "list_credited", "quotation_verb_after",
           "quotation_source", "quotation_incise", "quotation_lead", "quotation_credit", "quotation_after_report",
           "quotation_after_introduction", "quotation_continued", "reported_pattern", "reported_parse",
           "author_first_person", "author_only_voice", "comment")


@dataclass
class Claim:
    comment: int | None  # comment position, or None for the document's text
    speaker: Entity | None
    start: int
    end: int
    text: str
    kind: str
    question: tuple[int, int] | None = None  # an answer's question, a credited list's opening line: its context
    method: str | None = None  # the pass that found it and its speaker (METHODS)


@cache
def _data() -> dict:
    return lexicons.load("claims")


@cache
def _verb_alt(outside_quotations: bool = False) -> str:
    """A verb of saying, with its object pronoun ("nous a confié") and its
    auxiliary or reflexive pronoun if any;
    ``outside_quotations``: not one that says only in an incise
    (``incise_verbs``: "X lance un blog")."""
    auxiliaries = "|".join(_data()["speech_auxiliaries"])
    clitics = "|".join(_data()["speech_clitics"])
    forms = lexicons.report_alternation() if outside_quotations else lexicons.speech_alternation()
    return rf"(?:(?:{clitics})\s*)?(?:(?:{auxiliaries})\s*)?(?:{forms})"


@cache
def _opener_alt() -> str:
    return "|".join(re.escape(o) for o in _data()["attribution_openers"])


@cache
def _pronoun_alt(which: str) -> str:
    """The pronouns of ``subject_pronouns`` or ``stressed_pronouns`` as an alternation."""
    return "|".join(_data()[which])


@cache
def _complementizer_alt() -> str:
    return "|".join(_data()["complementizers"])


@cache
def _role_alt() -> str:
    """A role set before a name, the name's apposition: a determiner and a
    few lower-case words ("la consultante", "le jeune directeur
    marketing") but no preposition, so that the name is the role's holder
    ("la consultante Julie Martin"), not its complement ("le chef de X")."""
    determiners = "|".join(_data()["anaphoric_determiners"])
    prepositions = "|".join(_data()["complement_prepositions"])
    word = rf"(?!(?:{prepositions})(?:\s|$))[a-zà-öø-ÿ][\w'’-]*"
    return rf"(?:(?:{determiners})\s*(?:{word}\s+){{1,4}})"


@cache
def _role_regex() -> re.Pattern:
    return re.compile(_role_alt())


@cache
def _opener_before_regex() -> re.Pattern:
    """"Selon", "d'après"… right before a name, or before its role ("pour
    la consultante X")."""
    return re.compile(rf"(?:{_opener_alt()})\s+{_role_alt()}?$", re.IGNORECASE)


@cache
def _source_before_regex() -> re.Pattern:
    """"selon", "d'après" right before a name (or its role), anywhere in a sentence."""
    prepositions = "|".join(re.escape(o) for o in _data()["source_prepositions"])
    return re.compile(rf"(?<!\w)(?:{prepositions})\s+{_role_alt()}?$", re.IGNORECASE)


@cache
def _pronoun_opener_regex() -> re.Pattern:
    """"Pour elle, …", "Selon lui, …" at the start of a sentence."""
    return re.compile(rf"\s*(?:{_opener_alt()})\s+({_pronoun_alt('stressed_pronouns')})\s*,", re.IGNORECASE)


# --- sentences ------------------------------------------------------------

@cache
def _not_claim_regex() -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in _data()["not_claims"]), re.IGNORECASE)


NAME_ONLY_RE = re.compile(rf"(?:[{lexicons.UPPERCASE}][\w'’-]*\.?\s*){{1,3}}")


def is_statement(sentence: str) -> bool:
    """Whether a sentence can be a claim: it has words, is not a question,
    is not one to three capitalised words alone (a signature: "Yvain",
    "Sophie D."; a reply that states nothing by itself: "Absolument.",
    "Oui !") and is not one of the formulas of ``not_claims`` (thanks,
    greetings, link lines, profile lines, stage directions). Measured when
    the words of the dictionary stopped counting as more than a name
    ("Absolument" was a claim): claims precision on train 0.924 -> 0.927,
    on the blind set 0.695 -> 0.713, recall unchanged on both."""
    sentence = sentence.strip()
    if not re.search(r"[^\W\d_]{2,}", sentence) or is_question(sentence):
        return False
    if NAME_ONLY_RE.fullmatch(sentence.rstrip(" .!,")):
        return False
    return not _not_claim_regex().fullmatch(sentence)


@cache
def _abbreviation_end_regex() -> re.Pattern:
    """A text that ends on an abbreviation's dot (``sentence_abbreviations``)."""
    return re.compile(rf"\b(?:{'|'.join(map(re.escape, _data()['sentence_abbreviations']))})\.$")


def sentence_spans(text: str, doc=None) -> list[tuple[int, int]]:
    """Sentence (start, end) offsets of ``text``: spaCy's boundaries, cut at
    line breaks, with false boundaries ("etc.", "…", "1/4", "2.0", a "?"
    inside parentheses: "(peut-on parler de charisme ? Je pense que oui)")
    undone."""
    if doc is not None and "sentence_spans" in doc.user_data:
        return doc.user_data["sentence_spans"]
    if doc is not None:
        rough = nlp.sentence_bounds(doc)
    else:
        rough = [(m.start(), m.end()) for m in re.finditer(r"[^.!?\n]+[.!?]*", text)]
    parts = []
    for s, e in rough:
        parts += [(s + m.start(), s + m.end()) for m in re.finditer(r"[^\n]+", text[s:e])]
    merged: list[list[int]] = []
    for s, e in parts:
        if merged and "\n" not in text[merged[-1][1]:s]:
            prev = text[merged[-1][0]:merged[-1][1]].rstrip()
            nxt = text[s:e].lstrip()
            if nxt and (nxt[0].islower() or nxt[0] in ",;:)»”" or re.search(r"\d[./]?$", prev) and nxt[0].isdigit()
                        or not re.search(r"[.!?…»”\"]$", prev) or _abbreviation_end_regex().search(prev)
                        or prev.count("(") > prev.count(")") and ")" in nxt):
                merged[-1][1] = e
                continue
        merged.append([s, e])
    out = []
    for s, e in _at_opening_quotes(text, merged):
        chunk = text[s:e]
        s += len(chunk) - len(chunk.lstrip())
        e -= len(chunk) - len(chunk.rstrip())
        m = BULLET_RE.match(text[s:e])
        if m:
            s += m.end()
        if re.search(r"[^\W\d_]{2,}", text[s:e]):
            out.append((s, e))
    if doc is not None:
        doc.user_data["sentence_spans"] = out
    return out


#: A sentence's end followed by a quotation that opens the next one
#: (". « Le métier …"), a boundary the parser often misses.
OPENING_QUOTE_RE = re.compile(r"(?<=[.!?…])\s+(?=(?:[«“]\s*|\")[^\W\d_])")


def _at_opening_quotes(text: str, spans) -> list[tuple[int, int]]:
    """``spans`` cut where a sentence ends and a quotation opens the next
    one, unless what ends is an abbreviation ("M. « … »")."""
    out = []
    for s, e in spans:
        for m in OPENING_QUOTE_RE.finditer(text, s, e):
            if not _abbreviation_end_regex().search(text[s:m.start()]):
                out.append((s, m.start()))
                s = m.end()
        out.append((s, e))
    return out


def _claims_in(text: str, sentences, lo: int, hi: int, speaker, kind: str, comment=None,
               question=None, method: str | None = None) -> list[Claim]:
    """Claims for the sentences within [lo, hi); a sentence that starts
    before ``lo`` (after a speaker label) is cut at ``lo``."""
    out = []
    for s, e in sentences:
        if e <= lo or s >= hi:
            continue
        s, e = max(s, lo), min(e, hi)
        piece = text[s:e]
        s += len(piece) - len(piece.lstrip())
        if is_statement(text[s:e]):
            out.append(Claim(comment, speaker, s, e, text[s:e], kind, question, method=method or kind))
    return out


# --- structure: interviews and lists ---------------------------------------

def person_named(entities: list[Entity], label: str) -> Entity | None:
    for e in entities:
        if e.type == PER and label in e.names:
            return e
    return None


def interview_claims(text: str, paragraphs: list[str], interview: speakers.Interview | None,
                     entities: list[Entity], sentences) -> list[Claim]:
    """Every sentence of an answer turn, by the interviewee."""
    if not interview:
        return []
    starts = paragraph_starts(paragraphs)
    interviewees = [e for e in entities if e.type == PER and "interviewee" in e.roles]
    out = []
    question = None
    for turn in interview.turns:
        if turn.is_question or (turn.label and turn.label in interview.interviewer_labels):
            question = (starts[turn.paragraphs[0]] + turn.content_start,
                        starts[turn.paragraphs[-1]] + len(paragraphs[turn.paragraphs[-1]]))
            continue
        if turn.label and not generic_role(turn.label):
            speaker, method = person_named(entities, turn.label), "answer_label"
        else:
            speaker, method = (interviewees[0] if len(interviewees) == 1 else None), "answer_interviewee"
        if speaker is None:
            continue
        first = turn.paragraphs[0]
        lo = starts[first] + turn.content_start
        hi = starts[turn.paragraphs[-1]] + len(paragraphs[turn.paragraphs[-1]])
        out += _claims_in(text, sentences, lo, hi, speaker, "answer", question=question, method=method)
    return out


def interview_spans(paragraphs: list[str], interview: speakers.Interview | None) -> list[tuple[int, int]]:
    """The (start, end) of each turn of an interview, questions and answers."""
    if not interview:
        return []
    starts = paragraph_starts(paragraphs)
    return [(starts[t.paragraphs[0]], starts[t.paragraphs[-1]] + len(paragraphs[t.paragraphs[-1]]))
            for t in interview.turns]


def list_claims(text: str, paragraphs: list[str], entities: list[Entity], sentences) -> list[Claim]:
    """One claim per sentence of each bullet under a speaker's name."""
    starts = paragraph_starts(paragraphs)
    out = []
    for lst in speakers.find_speaker_lists(paragraphs):
        speaker = person_named(entities, lst.label)
        if speaker is None:
            continue
        for i in lst.items:
            out += _claims_in(text, sentences, starts[i], starts[i] + len(paragraphs[i]), speaker, "list_item",
                              method="list_label")
    return out


#: How many paragraphs before a list, counting the line that opens it, the
#: quotation or reported speech that credits it may end: "Voici la
#: présentation du métier selon X." / "Ses tâches sont les suivantes :".
LIST_CREDIT_PARAGRAPHS = 2


#: How many sentences up to a line ending in a colon may credit the list under it.
CREDIT_SENTENCES = 2


def credited_list_claims(text: str, paragraphs: list[str], found: list[Claim], sentences,
                         taken: list[tuple[int, int]]) -> list[Claim]:
    """Bullets after a line that ends in a colon go on with the words of the
    person the quotation or reported speech just before credits."""
    starts = paragraph_starts(paragraphs)
    credited = [c for c in found if c.kind in ("quotation", "reported")]
    out = []
    for i, para in enumerate(paragraphs):
        if i == 0 or not BULLET_RE.match(para) or BULLET_RE.match(paragraphs[i - 1]) \
                or not paragraphs[i - 1].rstrip().endswith(":"):
            continue
        lo, hi = starts[max(0, i - LIST_CREDIT_PARAGRAPHS)], starts[i]
        # The credit is the line's own sentence or the one before it: a
        # sentence of the writer's own between them ends the quoted voice.
        near = [s for s, _ in sentences if lo <= s < hi][-CREDIT_SENTENCES:]
        credit = [c for c in credited if near and near[0] <= c.start < hi]
        if not credit:
            continue
        opening = (starts[i - 1], starts[i - 1] + len(paragraphs[i - 1]))
        for j in speakers.bullet_run(paragraphs, i):
            s, e = starts[j], starts[j] + len(paragraphs[j])
            if not any(ts < e and s < te for ts, te in taken):
                out += _claims_in(text, sentences, s, e, credit[-1].speaker, "list_item", question=opening,
                                  method="list_credited")
    return out


# --- quotations and reported speech ----------------------------------------

class People(list):
    """The (start, end, person) mentions of a text's people, in order, and
    the starts of those that are a clause's grammatical subject on the
    dependency parse: a pronoun refers to the last subject before it rather
    than to a person named in passing ("X, président de Y, parlait à
    l'espace Pierre Cardin. « … » décrit-il": X)."""

    def __init__(self, mentions, subjects: frozenset[int] = frozenset()):
        super().__init__(mentions)
        self.subjects = subjects


def _person_mentions(entities: list[Entity], doc=None) -> People:
    mentions = sorted((m.start, m.end, e) for e in entities if e.type == PER
                      for pos, m in e.mentions if pos is None)
    return People(mentions, frozenset(s for s, e, _ in mentions if _is_subject(doc, s, e)))


def _is_subject(doc, start: int, end: int) -> bool:
    """Whether the mention [start, end) heads a clause's subject (itself, or
    through the name it is in apposition to), or is the source a sentence
    opens with ("Selon X, …", "Pour X, …"): the person the sentence is
    about, whom a pronoun in the next one names."""
    span = doc.char_span(start, end, alignment_mode="expand") if doc is not None else None
    if span is None:
        return False
    root = span.root
    while root.dep_ in ("appos", "conj") and root.head is not root:
        root = root.head  # "X, directeur de Y, …", "X et Y ont fondé …"
    return root.dep_.startswith("nsubj") or _opens_with_source(span)


def _opens_with_source(span) -> bool:
    """"Selon X, …", "D'après la consultante X, …": the sentence opens
    with an attribution opener (``attribution_openers``) and the name."""
    text, start = span.doc.text, span.start_char
    return _led_by_opener(text, max(text.rfind(mark, 0, start) for mark in ".!?…\n") + 1, start)


def _led_by_opener(text: str, start: int, name_start: int) -> bool:
    """Whether text[start:name_start] is only an opener and the name's role,
    if any ("Selon ", "Pour la consultante "): the text from ``start``
    opens with the source named at ``name_start``."""
    m = _opener_before_regex().search(text, start, name_start)
    return bool(m) and not text[start:m.start()].strip()


def _gender(person: Entity) -> str | None:
    """"f" or "m" from the person's given name, None when it does not tell."""
    return lexicons.given_name_gender(person.name.split()[0]) if person.name else None


@cache
def _pronoun_gender() -> dict[str, str | None]:
    """The gender a pronoun, inverted or not ("t-il"), asks of its person."""
    subject = _data()["subject_pronouns"]
    return {**_data()["stressed_pronouns"], **subject, **{f"t-{p}": g for p, g in subject.items()}}


#: How far back (characters) a pronoun looks for a person who is a subject
#: before it takes the last person named.
SUBJECT_REACH = 1500


def _last_person_before(people, pos: int, pronoun: str | None = None, sentence_start: int | None = None
                        ) -> Entity | None:
    """The last person named before ``pos``; with a pronoun ("il", "elle"),
    the last one whose given name does not contradict its gender: the last
    named earlier in the pronoun's own sentence (from ``sentence_start``:
    "X est community manager, il estime que …"), else the last who is a
    subject within ``SUBJECT_REACH``, if any."""
    wanted = _pronoun_gender().get((pronoun or "").lower())
    before = [(s, e) for s, _, e in people[:_first_at(people, pos)]
              if wanted is None or _gender(e) in (None, wanted)]
    if sentence_start is not None and before and before[-1][0] >= sentence_start:
        return before[-1][1]
    if pronoun is not None:
        subject = next((e for s, e in reversed(before) if s >= pos - SUBJECT_REACH and s in people.subjects), None)
        if subject is not None:
            return subject
    return before[-1][1] if before else None


def _first_at(people, pos: int) -> int:
    """Index of the first of ``people`` (sorted by start) named at or after ``pos``."""
    return bisect.bisect_left(people, pos, key=lambda p: p[0])


@cache
def _verb_after_regex() -> re.Pattern:
    """A verb of saying right after a quotation, with an inverted pronoun."""
    return re.compile(rf"\s*[,.]?\s*(?:{_verb_alt()})\b(?:-t)?(?:-(?P<pro>{_pronoun_alt('subject_pronouns')}))?\s*")


@cache
def _incise_regex() -> re.Pattern:
    """A verb of saying set off by a comma inside a quotation, its subject
    after it: "« A, explique-t-il. B »", "« A, observe X, titre. B »"."""
    return re.compile(rf",\s*(?:{_verb_alt()})\b(?:-t)?(?:-(?P<pro>{_pronoun_alt('subject_pronouns')}))?\s*")


@cache
def _anaphor_regex() -> re.Pattern:
    """A pronoun or a noun phrase of lower-case words after a determiner
    ("le directeur", "l'ancien journaliste") that refers back to a person."""
    anaphors = "|".join(re.escape(a) for a in _data()["anaphors"])
    determiners = "|".join(_data()["anaphoric_determiners"])
    return re.compile(rf"(?:{anaphors})\b|(?:{determiners})\s*[a-zà-öø-ÿ][\w'’-]*(?:\s+[a-zà-öø-ÿ][\w'’-]*){{0,3}}\s*[,.;!]")


def _subject_at(text: str, m: re.Match, people, before: int) -> Entity | None:
    """The speaker a verb-of-saying match ``m`` names after itself: an
    inverted pronoun, a person named right after it, or an anaphor; a
    pronoun or anaphor refers to the last person named before ``before``."""
    if m.group("pro"):
        return _last_person_before(people, before, m.group("pro"))
    role = _role_regex().match(text, m.end())
    named_at = role.end() if role else m.end()  # "souligne la consultante X"
    for s, _, e in people:
        if m.end() <= s <= m.end() + 2 or s == named_at:
            return e
    anaphor = _anaphor_regex().match(text, m.end())
    if anaphor:
        return _last_person_before(people, before, anaphor.group().split()[0])
    return None


def _speaker_after(text: str, end: int, people) -> tuple[Entity | None, bool]:
    """The speaker a reporting verb after a quotation names: (entity, found a verb)."""
    m = _verb_after_regex().match(text, end)
    if not m:
        return None, False
    return _subject_at(text, m, people, end), True


@cache
def _source_after_regex() -> re.Pattern:
    """An opener or an opening parenthesis right after a quotation, on its
    line: "Pour X, …" opening the next paragraph credits what follows."""
    return re.compile(rf"[^\S\n]*(?:,?[^\S\n]*(?:{_opener_alt()})\s+|\()", re.IGNORECASE)


def _source_after(text: str, end: int, people) -> Entity | None:
    """The person a quotation is credited to right after its closing mark:
    "« … », selon X", "« … », d'après X" or, in the academic manner, "« … »
    (X, directeur de Y)"."""
    m = _source_after_regex().match(text, end)
    if not m:
        return None
    return next((e for s, _, e in people if m.end() <= s <= m.end() + 1), None)


def _incise_speaker(text: str, start: int, end: int, people) -> Entity | None:
    """The speaker an incise inside the quotation [start, end) names."""
    for m in _incise_regex().finditer(text, start, end):
        speaker = _subject_at(text, m, people, start)
        if speaker is not None:
            return speaker
    return None


@cache
def _verb_before_regex() -> re.Pattern:
    """A verb of saying that ends the lead of a quotation ("X affirme : « … »")."""
    return re.compile(rf"\b(?:{_verb_alt()})\b(?:\s+(?:{_complementizer_alt()}))?\s*[:,]?\s*$")


@cache
def _postposed_verb_regex() -> re.Pattern:
    """A verb of saying after the statement, before its subject ("…, estime X.")."""
    return re.compile(rf",\s*(?:{_verb_alt()})\s+(?:[^,.]{{0,40}},\s*|{_role_alt()})?$")


def _speaker_before(text: str, start: int, sentence_start: int, people) -> Entity | None:
    """The speaker named before a quotation in its sentence, when a colon or a
    verb of saying links them ("X est formel : « … »", "Selon X, « … »").
    The lead starts after an earlier quotation in the sentence: "« … » Y,
    son homologue, acquiesce : « … »" credits Y, not who spoke before."""
    earlier = [m.end() for m in QUOTE_RE.finditer(text, sentence_start, start)
               if len(m.group().split()) > _data()["min_quote_words"]]  # a quoted term (« conseils ») says nothing
    sentence_start = max(earlier, default=sentence_start)
    lead = text[sentence_start:start]
    inside = [(s, e) for s, _, e in people if sentence_start <= s < start]
    # "Selon X, « … »": the opener starts the sentence and names the speaker.
    if inside and _led_by_opener(text, sentence_start, inside[0][0]):
        return inside[0][1]
    linked = re.search(r":\s*$", lead) or _verb_before_regex().search(lead)
    if not linked:
        return None
    if inside:
        return inside[0][1]  # the subject comes first: "X, qui dirige Y, est formel : « … »"
    # "Elle explique : « … »", "Community manager depuis 5 ans, elle a diverses missions : « … »"
    pronoun = re.search(rf"(?:^|,)\s*({_pronoun_alt('subject_pronouns')})\b", lead, re.IGNORECASE)
    if pronoun:
        return _last_person_before(people, sentence_start, pronoun.group(1))
    return None


def _pronoun_opener(lead: str) -> str | None:
    """"Pour lui, « … »", "Selon elle, …": the pronoun of an opener that names
    the last person, or None."""
    openers = _opener_alt()
    m = re.search(rf"(?:^|\W)(?:{openers})\s+({_pronoun_alt('stressed_pronouns')})\s*,?\s*$", lead, re.IGNORECASE)
    return m.group(1) if m else None


#: A credit line: a paragraph this short above a quotation that opens its
#: own paragraph ("Fanny Granger, 23 ans, community manager pour Y", a name
#: and an employer set as two lines).
MAX_CREDIT_WORDS = 15
#: How many paragraphs above a quotation may hold its credit.
MAX_CREDIT_PARAGRAPHS = 3


def _credited_speaker(text: str, start: int, people) -> Entity | None:
    """The speaker of a quotation that opens its paragraph, named above it:
    in the run of short credit lines right above it, or in the paragraph
    that introduces it with a colon ("Comme le souligne X, gestionnaire de
    communauté pour Y :" / "X" / "Y" / "« … »"): the first person named in
    that run, read downwards."""
    if text[text.rfind("\n", 0, start) + 1:start].strip():
        return None
    run = []  # (start, end) of the paragraphs above, nearest first
    end = text.rfind("\n", 0, start)
    while end > 0 and len(run) < MAX_CREDIT_PARAGRAPHS:
        lo = text.rfind("\n", 0, end) + 1
        paragraph = text[lo:end].strip()
        if paragraph:
            if len(paragraph.split()) > MAX_CREDIT_WORDS and not paragraph.endswith(":"):
                break
            run.append((lo, end))
            if paragraph.endswith(":") and len(paragraph.split()) > MAX_CREDIT_WORDS:
                break
        end = lo - 1
    for lo, hi in reversed(run):
        named = [e for s, _, e in people if lo <= s < hi]
        if named:
            return named[0]
    return None


#: How far (in characters) an unattributed quotation may follow the last
#: attributed one and still be taken as the same speaker going on.
CONTINUATION_WINDOW = 400


def _quotation_speaker(text: str, q: re.Match, content: tuple[int, int], sentences, people,
                       doc) -> tuple[Entity | None, str | None, bool]:
    """The speaker of quotation ``q`` and the pass that named them, and
    whether a verb of saying follows it (then it is attributed there, even
    to nobody the text names)."""
    sentence_start = max([s for s, e in sentences if s <= q.start()] or [0])
    speaker, verb_after = _speaker_after(text, q.end(), people)
    if speaker is not None:
        return speaker, "quotation_verb_after", verb_after
    speaker = _source_after(text, q.end(), people)
    if speaker is not None:
        return speaker, "quotation_source", verb_after
    speaker = _incise_speaker(text, *content, people)
    if speaker is not None:
        return speaker, "quotation_incise", verb_after
    speaker = _speaker_before(text, q.start(), sentence_start, people)
    pronoun = _pronoun_opener(text[sentence_start:q.start()])
    if speaker is None and pronoun:
        speaker = _last_person_before(people, q.start(), pronoun)
    if speaker is not None:
        return speaker, "quotation_lead", verb_after
    speaker = _credited_speaker(text, q.start(), people)
    if speaker is not None:
        return speaker, "quotation_credit", verb_after
    speaker = _reporter_before(text, q.start(), sentence_start, sentences, people, doc)
    if speaker is not None:
        return speaker, "quotation_after_report", verb_after
    if verb_after:  # "« … », s'était amusé le community manager de l'enseigne": someone the text does not name
        return None, None, verb_after
    return _introduced_before(text, q.start(), sentence_start, sentences, people), "quotation_after_introduction", \
        verb_after


def _reporter_before(text: str, start: int, sentence_start: int, sentences, people, doc) -> Entity | None:
    """The speaker of the sentence of reported speech right before a
    quotation that opens its own sentence, in the same paragraph ("X avoue
    d'emblée qu'elle a hésité. « … »")."""
    before = _sentence_before(text, start, sentence_start, sentences)
    if before is None:
        return None
    s, e = before
    quoted = [(m.start(), m.end()) for m in QUOTE_RE.finditer(text, s, e)]
    return _reported_speaker(text, s, e, people) or _parsed_speaker(doc, s, e, people, quoted)


def _sentence_before(text: str, start: int, sentence_start: int, sentences) -> tuple[int, int] | None:
    """The sentence right before a quotation at ``start`` that opens its own
    sentence, when both are in one paragraph; else None."""
    if text[sentence_start:start].strip(" \t-–—"):
        return None
    before = [(s, e) for s, e in sentences if e <= sentence_start]
    if not before or "\n" in text[before[-1][1]:sentence_start]:
        return None
    return before[-1]


def _introduced_before(text: str, start: int, sentence_start: int, sentences, people) -> Entity | None:
    """The one person the sentence right before a quotation introduces,
    when the quotation opens its own sentence in the same paragraph ("Même
    son de cloche du côté d'Étienne Lessard, qui gère la communauté d'ESI
    Marketing. « Combien de personnes … »"), or the person a pronoun opening
    that sentence stands for ("Il a appris seul. « … »"). Not when it names
    two."""
    before = _sentence_before(text, start, sentence_start, sentences)
    if before is None:
        return None
    s, e = before
    named = {id(p): p for ps, _, p in people[_first_at(people, s):_first_at(people, e)]}
    if len(named) == 1:
        return next(iter(named.values()))
    pronoun = _personal_subject_regex().match(text, s, e)
    if not named and pronoun:  # "X avoue qu'il n'a jamais été formé. Il a appris seul. « … »"
        return _last_person_before(people, s, pronoun.group(1))
    return None


@cache
def _personal_subject_regex() -> re.Pattern:
    """A sentence that opens with a subject pronoun standing for a person
    ("Il a appris seul", "Elle hésite"), not with an impersonal "il" ("Il
    faut", "Il y a": ``impersonal_after_il``; "Il est difficile de":
    ``impersonal_copulas``)."""
    impersonal = "|".join(re.escape(w) for w in _data()["impersonal_after_il"])
    copulas = "|".join(_data()["impersonal_copulas"])
    prepositions = "|".join(_data()["impersonal_copula_prepositions"])
    return re.compile(rf"\s*({_pronoun_alt('subject_pronouns')})\s+(?!(?:{impersonal})\b)"
                      rf"(?!(?:{copulas})\s+\w+\s+(?:{prepositions}))", re.IGNORECASE)


def quotation_claims(text: str, entities: list[Entity], sentences, taken: list[tuple[int, int]],
                     doc=None) -> list[Claim]:
    """Attributed quotations, one claim per sentence inside the quotes.

    The speaker is named by a verb of saying after the quotation, by an
    incise inside it, before it in its sentence, in the credit lines above
    a quotation set as its own paragraph, or by the sentence of reported
    speech just before it (``_quotation_speaker``); a quotation that names
    nobody continues the last quoted speaker when no other person is named
    in between (the convention of press writing)."""
    people = _person_mentions(entities, doc)
    openers = _opener_alt()
    out: list[Claim] = []
    last: tuple[int, Entity] | None = None  # (end of last attributed quotation, speaker)
    for q in QUOTE_RE.finditer(text):
        group = next(g for g in "abcde" if q.group(g) is not None)
        cs, ce = q.start(group), q.end(group)
        content = text[cs:ce].strip()
        if len(content.split()) < _data()["min_quote_words"] or any(s <= cs < e for s, e in taken):
            continue
        speaker, method, verb_after = _quotation_speaker(text, q, (cs, ce), sentences, people, doc)
        others = [e for s, _, e in people if last and last[0] <= s < q.start() and e is not last[1]]
        attributed_elsewhere = verb_after or re.match(rf"\s*,?\s*(?:{openers})\b", text[q.end():], re.IGNORECASE)
        if speaker is None and last and q.start() - last[0] < CONTINUATION_WINDOW and not others \
                and not attributed_elsewhere:
            speaker, method = last[1], "quotation_continued"  # the same speaker goes on
        if speaker is None:
            continue
        last = (q.end(), speaker)
        inner = [(max(s, cs), min(e, ce)) for s, e in sentences if s < ce and e > cs]
        for s, e in inner:
            piece = text[s:e].strip(" «»“”\"")
            if piece and not is_question(piece):
                s = s + text[s:e].index(piece)
                if not any(ts < s + len(piece) and s < te for ts, te in taken):  # an answer already holds it
                    out.append(Claim(None, speaker, s, s + len(piece), piece, "quotation", method=method))
    return out


@cache
def _pronoun_report_regex() -> re.Pattern:
    """"il trouve que", "elle estime qu'…", ", lui qui estime que": a subject
    pronoun (or a stressed one and "qui"), a verb of saying and its "que"
    clause, at the start of a sentence or after a comma."""
    data = _data()
    before, after = "|".join(data["negation_before"]), "|".join(data["negation_after"])
    relative = "|".join(data["relative_subjects"])
    pronoun = (rf"(?P<pro>{_pronoun_alt('subject_pronouns')})"
               rf"|(?P<stressed>{_pronoun_alt('stressed_pronouns')})\s+(?:{relative})")
    return re.compile(rf"(?:^|,\s*)(?:{pronoun})\s+(?:{before})?(?:{_verb_alt()})\s+"
                      rf"(?:{after})?(?:{_complementizer_alt()})", re.IGNORECASE)


def _reported_speaker(text: str, s: int, e: int, people) -> Entity | None:
    """The speaker of sentence [s, e) when a verb of saying or an opener
    attributes it: "Selon X, …", "X explique que …", "…, estime X.",
    "Pour elle, …", "il trouve que …", "… selon X …"."""
    for ps, pe, p in people[_first_at(people, s):_first_at(people, e)]:
        postposed = _postposed_verb_regex().search(text[s:ps]) \
            and re.fullmatch(r"\s*[.!]?\s*", text[pe:e])
        if (_led_by_opener(text, s, ps) and re.match(r"\s*,", text[pe:e])) \
                or _source_before_regex().search(text[s:ps]) or postposed \
                or (_named_report_regex().match(text, pe) and not _complement_before_regex().search(text, s, ps)) \
                or (text[s:ps].strip() == "" and _subject_report_regex().match(text, pe, e)):
            return p
    opener = _pronoun_opener_regex().match(text[s:e])
    if opener:
        return _last_person_before(people, s, opener.group(1))
    m = _pronoun_report_regex().search(text[s:e])
    if m:
        return _last_person_before(people, s + m.start(), (m.group("pro") or m.group("stressed")).lower(), s)
    return None


@cache
def _complement_before_regex() -> re.Pattern:
    """A preposition right before a name: the name completes a noun ("le
    chef de Scapine trouve que …": the chef says it, not Scapine)."""
    return re.compile(rf"(?<!\w)(?:{'|'.join(_data()['complement_prepositions'])})\s*$", re.IGNORECASE)


@cache
def _named_report_regex() -> re.Pattern:
    """After a person's name: a verb of saying and its "que" clause, with an
    apposition between them allowed ("X, directeur de Y, estime que")."""
    return re.compile(rf"\s*(?:,[^,]{{0,80}},\s*)?(?:{_verb_alt()})\s+(?:{_complementizer_alt()})")


@cache
def _subject_report_regex() -> re.Pattern:
    """After the name that opens a sentence: its apposition if any, an
    adverb if any (``adverb_before_verb``), and a verb of saying ("X, vice-président de Y et
    formateur au Z, note également une complexification …", "X souligne
    l'importance de …"): the sentence is X's, "que" or not. Where the name
    opens the sentence the verb is its own; the parser, on a long
    apposition, often hangs the verb on the name as a noun."""
    adverb = _data()["adverb_before_verb"]
    return re.compile(rf"\s*(?:,[^.!?:;«»“”\"]{{0,200}}?,\s*)?(?:{adverb}\s+)?(?:{_verb_alt(True)})\b(?!['’-])")


@cache
def _speech_verbs() -> frozenset[str]:
    return frozenset(_data()["speech_verbs"])


@cache
def _report_verbs() -> frozenset[str]:
    """The verbs of saying that say outside a quotation too: ``speech_verbs``
    without the ``incise_verbs`` (the lemmas ``lexicons.report_forms`` inflects)."""
    return _speech_verbs() - frozenset(_data()["incise_verbs"])


def _parsed_speaker(doc, s: int, e: int, people, quoted: list[tuple[int, int]]) -> Entity | None:
    """The speaker of sentence [s, e) read on the dependency parse: a verb
    of saying (its lemma among ``speech_verbs``, or a form of one the tagger
    took for a noun) whose subject is a person named in the text ("Chikjani
    souligne que …", "Maxime avoue être devenu CM", "X, directeur de Y, note
    une complexification", "comme le rappelle X") or the relative "qui" of
    a person named ("X, qui estime que …"); never a verb inside quotation
    marks, nor one in a clause that completes another verb ("Il aura fallu
    que X témoigne …" is not X's claim), nor one that says only in an
    incise ("C'est X qui a lancé cette initiative"). A subject pronoun is
    left to the patterns: read on the parse, it gave the train set's claims
    no more and the blind set's fewer."""
    span = doc.char_span(s, e, alignment_mode="expand") if doc is not None else None
    if span is None:
        return None
    verbs, forms = _report_verbs(), lexicons.report_forms()
    for subject in span:
        if not subject.dep_.startswith("nsubj"):
            continue
        verb = subject.head
        if not s <= verb.idx < e:
            continue  # the parser's sentence is not ours: a verb of the next sentence
        if not (verb.lemma_ in verbs and verb.pos_ == "VERB" or verb.lower_ in forms) \
                or any(qs <= verb.idx < qe for qs, qe in quoted) or verb.dep_ in ("ccomp", "csubj"):
            continue
        if subject.lower_ == "qui" and verb.dep_ == "acl:relcl":
            subject = verb.head
        named = next((p for ps, pe, p in people if ps <= subject.idx < pe), None)
        if named is not None:
            return named
    return None


def reported_claims(text: str, entities: list[Entity], sentences, taken, doc=None) -> list[Claim]:
    """Sentences of reported speech, outside quotations: the patterns of
    ``_reported_speaker``, then the dependency parse (``_parsed_speaker``)."""
    people = _person_mentions(entities, doc)
    quoted = [(q.start(), q.end()) for q in QUOTE_RE.finditer(text)]
    out = []
    for s, whole in sentences:
        e = _before_taken(text, s, whole, taken)
        if e is None or not is_statement(text[s:e]) or _only_introduces(text, s, e, whole, doc):
            continue
        speaker, method = _reported_speaker(text, s, e, people), "reported_pattern"
        if speaker is None:
            speaker, method = _parsed_speaker(doc, s, e, people, quoted), "reported_parse"
        if speaker is not None:
            out.append(Claim(None, speaker, s, e, text[s:e], "reported", method=method))
    return out


def _before_taken(text: str, s: int, e: int, taken) -> int | None:
    """The end of what sentence [s, e) says before a claim already taken
    inside it ("Florent partage cet avis, lui qui estime que … : « J'ai
    … »" ends where the quotation begins), without the quotation marks and
    spaces that open it; None when a taken claim starts the sentence."""
    inside = [ts for ts, te in taken if ts < e and s < te]
    if not inside:
        return e
    if min(inside) <= s:
        return None
    end = min(inside)
    while end > s and text[end - 1] in " \n«“\"":
        end -= 1
    return end if end > s else None


def _only_introduces(text: str, s: int, e: int, whole: int, doc) -> bool:
    """Whether [s, e) (of a sentence that runs to ``whole``) only
    introduces what someone says: "Comme le souligne X :", "X explique :",
    "X est catégorique :" and "Pour X," before a quotation say nothing
    themselves. A part with a "que" clause says something ("lui qui estime
    que … :"), and so does one whose main verb is a verb and not a verb of
    saying nor a copula's ("Cette fonction est apparue avec les jeux en
    ligne, comme le rappelle X :"). Without the model, only the "que" clause tells."""
    if not (text[s:e].rstrip().endswith(":") or e < whole):
        return False  # first, as it is cheap: the clause pattern is an alternation of every form
    if _content_clause_regex().search(text, s, e):
        return False
    span = doc.char_span(s, e, alignment_mode="contract") if doc is not None else None
    if span is None:
        return True
    verbs, forms = _speech_verbs(), lexicons.speech_forms()
    roots = [t for t in span if t.head == t or not s <= t.head.idx < e]
    return not any(t.pos_ == "VERB" and not (t.lemma_ in verbs or t.lower_ in forms)
                   and not any(c.dep_ == "cop" for c in t.children) for t in roots)


@cache
def _content_clause_regex() -> re.Pattern:
    """A verb of saying and its "que" clause: a sentence that ends on a
    colon and holds one says something before it introduces a quotation."""
    return re.compile(rf"(?:{_verb_alt()})\s+(?:{_complementizer_alt()})", re.IGNORECASE)


@cache
def _first_person_regex() -> re.Pattern:
    words = _data()["opinion_markers"] + [w.replace("'", "['’]") for w in lexicons.first_person()]
    return re.compile(r"(?:^|(?<=\W))(?:" + "|".join(words) + r")(?=\W|$)", re.IGNORECASE)


#: A sentence that ends as a statement does: headings, captions, a line
#: that introduces a list (":") and a text cut short do not.
FINISHED_SENTENCE_RE = re.compile(r"[.!…][»”\")\]]*\s*$")


#: How many sentences of their own in the first person make a named author
#: a voice of the text, whose every statement is theirs (a blog post that
#: quotes others), not a reporter framing the words of those quoted.
FIRST_PERSON_VOICE = 2


def _own_sentences(text: str, sentences, taken) -> list[tuple[int, int]]:
    """The sentences no other claim holds and that are not mostly inside
    quotation marks: what the author may say in their own words."""
    quoted = [(q.start(), q.end()) for q in QUOTE_RE.finditer(text)]
    return [(s, e) for s, e in sentences if not any(ts < e and s < te for ts, te in taken)
            and sum(max(0, min(e, qe) - max(s, qs)) for qs, qe in quoted) * 2 <= e - s]


def _in_first_person(sentence: str) -> bool:
    return bool(_first_person_regex().search(sentence.replace("’", "'")))


def opinion_claims(text: str, sentences, author: Entity | None, taken, nobody_else: bool = False,
                   first_person_only: bool = False) -> list[Claim]:
    """The author's own statements: sentences of the text outside quotation
    marks that speak in the first person singular or give an opinion, or,
    when the author is a voice of the text (nobody else speaks:
    ``nobody_else``; or the author says "je" in ``FIRST_PERSON_VOICE``
    sentences of their own) and not ``first_person_only``, every finished
    sentence."""
    if author is None:
        return []
    own = _own_sentences(text, sentences, taken)
    first_person = [_in_first_person(text[s:e]) for s, e in own]
    voice = not first_person_only and (nobody_else or sum(first_person) >= FIRST_PERSON_VOICE)
    named = [(m.start, m.end) for pos, m in author.mentions if pos is None]
    out = []
    for (s, e), in_first_person in zip(own, first_person):
        if not is_statement(text[s:e]) or any(s <= ms < e for ms, _ in named):
            continue  # a sentence that names the author speaks of them ("Louisa a toujours aimé écrire")
        if in_first_person:
            out.append(Claim(None, author, s, e, text[s:e], "author_opinion", method="author_first_person"))
        elif voice and FINISHED_SENTENCE_RE.search(text[s:e]):
            out.append(Claim(None, author, s, e, text[s:e], "author_opinion", method="author_only_voice"))
    return out


def comment_claims(position: int, text: str, doc, author: Entity | None) -> list[Claim]:
    """Every sentence of a reader's comment, by its author (None when the
    comment is anonymous)."""
    return _claims_in(text, sentence_spans(text, doc), 0, len(text), author, "comment", comment=position)


def find_claims(text: str, paragraphs: list[str], interview, entities: list[Entity], doc,
                comments: list[tuple[int, str, object]], author_voice: str = "all") -> list[Claim]:
    """All claims of a document; ``comments`` are the (position, text, spaCy
    doc) of its reader comments (not pingbacks nor trackbacks).

    ``author_voice`` (``AUTHOR_VOICES``) says what of the text may be its
    author's: "all" their statements; "first_person" only the sentences in
    the first person, when only a name printed alone by the title names the
    author and the site's address spells that name (tcrouzet.com for
    "Thierry CROUZET": a personal blog); "none" when such a name stands
    alone: the page is as often a staff writer's explainer or a sheet under
    a logo's name as a post in its author's voice. Measured on the blind
    set: first-person sentences only, claims precision 0.651 -> 0.695; none
    unless the site spells the name, 0.713 -> 0.739; train unchanged, dev's
    first-person blog kept."""
    sentences = sentence_spans(text, doc)
    found = interview_claims(text, paragraphs, interview, entities, sentences)
    found += list_claims(text, paragraphs, entities, sentences)
    taken = [(c.start, c.end) for c in found]
    found += quotation_claims(text, entities, sentences, taken, doc)
    taken = [(c.start, c.end) for c in found]
    found += reported_claims(text, entities, sentences, taken, doc)
    taken = [(c.start, c.end) for c in found]
    found += credited_list_claims(text, paragraphs, found, sentences, taken)
    taken = [(c.start, c.end) for c in found]
    author = next((e for e in entities if e.type == PER and "author" in e.roles), None)
    # An interview's turns are never its author's own words: the questions
    # ask, the answers are the interviewee's even when no name says who.
    turns = interview_spans(paragraphs, interview)
    if author_voice != "none":
        found += opinion_claims(text, sentences, author, taken + turns,
                                nobody_else=not turns and all(c.speaker is author for c in found),
                                first_person_only=author_voice == "first_person")
    for position, ctext, cdoc in comments:
        writer = next((e for e in entities if e.type == PER and position in e.comments), None)
        found += comment_claims(position, ctext, cdoc, writer)
    return sorted(_once(found), key=lambda c: (c.comment or 0, c.start))


def _once(found: list[Claim]) -> list[Claim]:
    """Each span claimed once, by the first pass that found it (the passes
    run from the surest): a claim row is keyed by its place in the text."""
    seen, out = set(), []
    for c in found:
        if (c.comment, c.start, c.end) not in seen:
            seen.add((c.comment, c.start, c.end))
            out.append(c)
    return out


def role_changes(found: list[Claim]) -> list[tuple[Entity, str, str]]:
    """(person, new role, role it replaces) for what the claims show: a
    person quoted or reported who had no structural role is "quoted", not
    "mentioned". The caller applies them; this stage edits no entity."""
    changes = []
    for c in found:
        if c.kind in ("quotation", "reported", "list_item") and c.speaker is not None \
                and not c.speaker.roles & {"interviewee", "interviewer", "author"}:
            changes.append((c.speaker, "quoted", "mentioned"))
    return changes
