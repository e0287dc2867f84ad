"""Speakers: the interview structure of a cleaned document.

Interviews of the genre come in a few layouts:

* full-name labels at the start of a paragraph ("Jeremy Herve : Non, ...");
* initials, with or without dots ("VD :", "V.D. :", "V.D :"), often after the
  full name was used once;
* a pen name for the interviewer ("MarketingIsDead : ...");
* generic labels ("Q :", "R :", "Question :");
* no label at all: a question paragraph ending with "?" followed by the
  interviewee's answer.

``find_interview`` returns the turns (who speaks, in which paragraphs, and
whether the turn is a question) and which labels ask and which answer.
``find_speaker_lists`` finds the other layout of the genre: a name alone
before a colon, followed by bullet points ("Sandra :" then "• ...").
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from . import lexicons
from .clean import BULLET_RE
from .entities import is_first_name
from .fold import key
from .labels import INITIALS, bare_initials, generic_role, is_initials

_UPPER = lexicons.UPPERCASE
# A name token, or an initial with its dot ("Walter F.").
NAME_TOKEN = rf"(?:d['’])?[{_UPPER}](?:[\w'’-]+|\.)?"
PARTICLE = "(?:" + "|".join(map(re.escape, lexicons.surname_particles())) + ")"


def _name_words(most: int) -> str:
    """A name of one to ``most`` words, its particles among them ("Anne de
    Montfort", "Walter F.")."""
    return rf"{NAME_TOKEN}(?:\s+(?:{NAME_TOKEN}|{PARTICLE})){{0,{most - 1}}}"


#: A social network's handle ("@Conducteur_SNCF").
HANDLE = r"@\w{2,30}"
#: A speaker label: a name, initials or a handle before a colon; the name
#: may carry the initials the next turns use in parentheses ("Sophie Barré
#: (SB) :"), and initials may stand in parentheses alone ("(SB) :").
_SPEAKER = (rf"(?:(?P<label>(?:{_name_words(4)})|{INITIALS}|{HANDLE})"
            rf"(?:\s*\({INITIALS}\))?|\((?P<short>{INITIALS})\))")
LABEL_RE = re.compile(rf"^{_SPEAKER}\s?:\s*(?P<rest>.*)$")
#: The other layout of labels: a dash after the name ("Laetitia Luthringer
#: - En tant que consultante …"), read only when no colon label makes an
#: interview, as a dash also follows a place or a list item's name.
DASH_LABEL_RE = re.compile(rf"^{_SPEAKER}\s+[-–—]\s+(?P<rest>.*)$")

#: A question paragraph of an unlabeled interview is at most this long.
MAX_QUESTION_WORDS = 60
#: How many question/answer pairs make an unlabeled interview; fewer do
#: when the questions are numbered or dashed, or the lead announces an
#: interview (a page opening may hold a single pair).
MIN_UNLABELED_PAIRS = 3
#: How many paragraphs may announce an interview before its first question.
MAX_LEAD_PARAGRAPHS = 4
#: A numbered or dashed question line: "1/ …?", "2. …?", "– …?".
QUESTION_MARK_RE = re.compile(r"^\s*(?:\d{1,2}\s*[/.)-]|[–—-])\s+\S")
#: A paragraph that opens with a quotation mark: a quoted line, not a question put.
QUOTED_RE = re.compile(r"^\s*[«“\"]")


@dataclass
class Turn:
    """One speaking turn: a label (or None) and the paragraphs it covers."""

    label: str | None
    paragraphs: list[int]
    content_start: int  # offset in the first paragraph where the speech starts
    is_question: bool


@dataclass
class Interview:
    turns: list[Turn]
    interviewer_labels: list[str] = field(default_factory=list)
    interviewee_labels: list[str] = field(default_factory=list)
    labeled: bool = True

    @property
    def first_paragraph(self) -> int:
        return self.turns[0].paragraphs[0]


def initials_of(name: str) -> str:
    """"Vanina Delobelle" → "VD"; particles do not count."""
    tokens = [t for t in re.split(r"[\s-]+", name) if t and not re.fullmatch(PARTICLE, t)]
    return "".join(t[0].upper() for t in tokens)


def parse_label(paragraph: str, regex: re.Pattern = LABEL_RE) -> tuple[str, int] | None:
    """The speaker label that opens ``paragraph`` and the offset where the
    speech after it starts, or None; ``regex`` is the layout of the
    label (``LABEL_RE``, ``DASH_LABEL_RE``)."""
    m = regex.match(paragraph)
    if not m:
        return None
    label = (m.group("label") or m.group("short")).strip()
    data = lexicons.load("speakers")
    if key(label) in {key(w) for w in data["not_speakers"]}:
        return None
    start = m.start("rest")
    return label, start


def is_question(text: str) -> bool:
    """A question: it ends with "?", before closing quotes or brackets and an
    aside in parentheses ("…? (140 caractères)")."""
    bare = re.sub(r"\s*\([^()]*\)\s*$", "", text.rstrip()).rstrip(" )»”\"'’")
    return bare.endswith("?")


#: A request is short: a paragraph opening with a hyphenated verb that runs
#: longer is an answer that happens to start so ("Dites-vous bien que …").
MAX_REQUEST_WORDS = 25


@cache
def _request_regex() -> re.Pattern:
    clitics = "|".join(re.escape(c) for c in lexicons.load("speakers")["request_clitics"])
    return re.compile(rf"(?:^|[.!?…]\s+)[{_UPPER}][^\W\d_]+(?:-t)?-(?:{clitics})(?![\w-])")


def is_request(text: str) -> bool:
    """A question put without "?": a short paragraph with a sentence that
    opens with a verb carrying the addressee's pronoun, imperative or
    inverted ("Parlez-nous de vos outils de travail.", "Présentez-vous en
    quelques mots", "Hello Rémi ! Explique-nous comment tu es devenu CM")."""
    return len(text.split()) <= MAX_REQUEST_WORDS and bool(_request_regex().search(text.strip()))


def asks(text: str) -> bool:
    """A question or a request (``is_question``, ``is_request``)."""
    return is_question(text) or is_request(text)


def _labeled_turns(paragraphs: list[str], regex: re.Pattern = LABEL_RE) -> list[Turn]:
    turns: list[Turn] = []
    for i, para in enumerate(paragraphs):
        parsed = parse_label(para, regex)
        if parsed and parsed[1] < len(para):
            label, start = parsed
            turns.append(Turn(label, [i], start, is_question(para)))
        elif turns and not parsed:
            turns[-1].paragraphs.append(i)
        elif parsed:  # a label alone on its line: a list under a speaker, not a turn
            if turns:
                turns[-1].paragraphs.append(i)
    return turns


def _same_speaker(a: str, b: str) -> bool:
    if key(a) == key(b):
        return True
    if is_initials(a) and not is_initials(b):
        return bare_initials(a) == initials_of(b)
    if is_initials(b) and not is_initials(a):
        return bare_initials(b) == initials_of(a)
    return False


def is_closing(paragraph: str) -> bool:
    """A closing formula of the interviewer ("Merci X pour ses réponses !")."""
    data = lexicons.load("speakers")
    return len(paragraph.split()) <= data["max_closing_words"] and bool(_closing_regex().match(paragraph))


@cache
def _closing_regex() -> re.Pattern:
    return re.compile("|".join(f"(?:{c})" for c in lexicons.load("speakers")["closings"]), re.IGNORECASE)


def _end_at_closing(turns: list[Turn], paragraphs: list[str]) -> list[Turn]:
    """The last answer ends before a closing formula of the interviewer."""
    if turns and not turns[-1].is_question:
        last = turns[-1]
        for k, i in enumerate(last.paragraphs[1:], start=1):
            if is_closing(paragraphs[i]):
                last.paragraphs = last.paragraphs[:k]
                break
    return turns


def find_interview(paragraphs: list[str], title: str | None = None) -> Interview | None:
    """The interview structure of a document's paragraphs, or None. The
    title may announce an interview as its lead does ("Rencontre avec X")."""
    return _labeled_interview(paragraphs, LABEL_RE) \
        or _labeled_interview(paragraphs, DASH_LABEL_RE, DASH_MIN_TURNS) or _unlabeled_interview(paragraphs, title)


#: How many turns each side must take under dash labels: a dateline or a
#: list item's name before a dash makes one turn, an exchange makes several.
DASH_MIN_TURNS = 2


def _labeled_interview(paragraphs: list[str], regex: re.Pattern, min_turns: int = 1) -> Interview | None:
    """Turns under labels of one layout (``regex``), when at least two
    speakers take them, one of them asks, and the askers and the answerers
    each take ``min_turns`` turns."""
    turns = _end_at_closing(_labeled_turns(paragraphs, regex), paragraphs)
    labels = []
    for t in turns:
        if not any(_same_speaker(t.label, l) for l in labels):
            labels.append(t.label)
    asking = [l for l in labels if _asks(l, turns)]
    if len(labels) >= 2 and len(turns) >= 2 and asking and len(asking) < len(labels):
        answering = [l for l in labels if l not in asking]
        # The labels of a speaker (full name and initials) go to the same side.
        interviewer = [t.label for t in turns if any(_same_speaker(t.label, a) for a in asking)]
        interviewee = [t.label for t in turns if any(_same_speaker(t.label, a) for a in answering)]
        if len(interviewer) < min_turns or len(interviewee) < min_turns:
            return None
        return Interview(turns, _unique(interviewer), _unique(interviewee), labeled=True)
    return None


def _asks(label: str, turns: list[Turn]) -> bool:
    role = generic_role(label)
    if role:
        return role == "interviewer"
    own = [t for t in turns if _same_speaker(t.label, label)]
    return sum(t.is_question for t in own) * 2 > len(own)


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def question_paragraphs(paragraphs: list[str]) -> list[int]:
    """Indices of short paragraphs that ask (ending with "?", or a request:
    ``asks``) followed by a paragraph that does not: the questions of an
    unlabeled interview."""
    asking = [asks(p) for p in paragraphs]
    return [i for i, para in enumerate(paragraphs[:-1])
            if asking[i] and len(para.split()) <= MAX_QUESTION_WORDS and not asking[i + 1]]


def announces_interview(text: str) -> bool:
    """The lead says an interview follows ("répond à nos questions",
    "interview de X")."""
    return bool(_announcement_regex().search(text))


@cache
def _announcement_regex() -> re.Pattern:
    return re.compile(r"\b(?:" + "|".join(lexicons.load("speakers")["interview_announcements"]) + r")",
                      re.IGNORECASE)


@cache
def _second_person_regex() -> re.Pattern:
    # "t'" ends in its apostrophe; the other forms end at a word's end.
    forms = [f if f.endswith("]") else f + r"(?!\w)" for f in lexicons.load("speakers")["second_person"]]
    return re.compile(r"(?<!\w)(?:" + "|".join(forms) + ")", re.IGNORECASE)


def addresses_someone(question: str) -> bool:
    """Whether a question is put to someone: it says "vous" or "tu" in one
    of their forms ("Qui es-tu ?", "Votre parcours ?")."""
    return bool(_second_person_regex().search(question))


def _unlabeled_interview(paragraphs: list[str], title: str | None = None) -> Interview | None:
    """Questions without labels, each followed by its answer: announced by
    the lead or marked as questions ("1/ …?") when they are few; when they
    are many and unannounced, at least one must be put to someone, as an
    essay's headings that end in "?" are not ("Quelles revues prendre en
    compte ?")."""
    questions = question_paragraphs(paragraphs)
    if not questions:
        return None
    # These mark the layout as an interview's: numbered or dashed questions;
    # answers that open with the speaker's label ("Sophie Barré (SB) : …"
    # under an unlabelled question); a question put to someone by name
    # ("Salut Louisa, …?"); two or more questions that all say "vous" or
    # "tu" (not inside quotation marks: "« PSG, saviez-vous … ? »" is an
    # exchange the text reports).
    marked = all(QUESTION_MARK_RE.match(paragraphs[q]) for q in questions) \
        or any(_answer_label(paragraphs[q + 1]) or addressed_name(paragraphs[q]) for q in questions) \
        or (len(questions) >= 2 and all(addresses_someone(paragraphs[q]) and not QUOTED_RE.match(paragraphs[q])
                                        for q in questions))
    # An interview's lead is short; a long essay's opening says "répondre" or
    # "questions" for other reasons.
    announced = marked or (questions[0] <= MAX_LEAD_PARAGRAPHS
                           and announces_interview(" ".join([title or ""] + paragraphs[:questions[0]])))
    if len(questions) < MIN_UNLABELED_PAIRS:
        if not announced:
            return None
    elif not (announced or any(addresses_someone(paragraphs[q]) for q in questions)):
        return None
    turns = []
    bounds = questions + [len(paragraphs)]
    for q, nxt in zip(questions, bounds[1:]):
        turns.append(Turn(None, [q], 0, True))
        turns += _answer_turns(paragraphs, q + 1, nxt)
    answering = _unique([t.label for t in turns if t.label])
    return Interview(_end_at_closing(turns, paragraphs), [], answering, labeled=False)


def _answer_turns(paragraphs: list[str], start: int, end: int) -> list[Turn]:
    """The turns of the answer in paragraphs [start, end) under an unlabelled
    question. An answer may still open with its speaker's name as a label
    when the questions carry none that parses ("Le blog de X : ...?"); then
    each later paragraph that opens with a label starts the turn of the
    speaker it names (two interviewees answer the same question)."""
    label, offset = _answer_label(paragraphs[start]) or (None, 0)
    if label is None:
        return [Turn(None, list(range(start, end)), 0, False)]
    turns, first = [], start
    for k in range(start + 1, end):
        other = _answer_label(paragraphs[k])
        if other:
            turns.append(Turn(label, list(range(first, k)), offset, False))
            (label, offset), first = other, k
    return turns + [Turn(label, list(range(first, end)), offset, False)]


def _answer_label(paragraph: str) -> tuple[str, int] | None:
    """The label that opens an answer, with speech after it, that is not
    a generic one ("R :")."""
    parsed = parse_label(paragraph)
    if parsed and parsed[1] < len(paragraph) and not generic_role(parsed[0]):
        return parsed
    return None


@cache
def _address_regex() -> re.Pattern:
    greetings = "|".join(re.escape(g) for g in lexicons.load("speakers")["greetings"])
    return re.compile(rf"^\s*(?:(?:{greetings})\s+)?(?P<name>[{_UPPER}][\w'’-]+)\s*[,!]", re.IGNORECASE)


def addressed_name(question: str) -> str | None:
    """The given name a question is put to ("Bonjour Laura, pourrais-tu …",
    "Rudy, peux-tu …", "Hello Rémi ! Explique-nous …"), the interviewee of
    an unlabelled interview."""
    m = _address_regex().match(question)
    if m and m.group("name")[0].isupper() and is_first_name(m.group("name")):
        return m.group("name")
    return None


@cache
def _self_introduction_regex() -> re.Pattern:
    intros = "|".join(lexicons.load("speakers")["self_introductions"])
    return re.compile(rf"(?<!\w)(?i:{intros})\s+(?P<name>{_name_words(3)})")


def self_introduced(text: str) -> list[str]:
    """The names an answer introduces its speaker with ("Je m'appelle
    Flavien Chantrel, j'ai 28 ans", "Moi c'est Nis")."""
    return [m.group("name") for m in _self_introduction_regex().finditer(text)]


@dataclass
class SpeakerList:
    """A name alone before a colon, then bullet points: one statement each."""

    label: str
    label_paragraph: int
    items: list[int]


def bullet_run(paragraphs: list[str], start: int) -> list[int]:
    """The indexes of the bullet paragraphs that follow each other from ``start``."""
    items = []
    for j in range(start, len(paragraphs)):
        if not BULLET_RE.match(paragraphs[j]):
            break
        items.append(j)
    return items


def find_speaker_lists(paragraphs: list[str]) -> list[SpeakerList]:
    out = []
    for i, para in enumerate(paragraphs):
        parsed = parse_label(para)
        if not parsed or parsed[1] < len(para):
            continue
        items = bullet_run(paragraphs, i + 1)
        if items:
            out.append(SpeakerList(parsed[0], i, items))
    return out
