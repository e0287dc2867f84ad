"""Metadata: who wrote a document, what kind of text it is, in which language.

Decisions are drawn from the structure the earlier stages found, in order of
trust: a by-line; in an interview, the interviewer — unless the introduction
names the interviewer in the third person, in which case the page is the
interviewee's own copy; a by-line written as a sentence of the lead ("Une
tribune de X"); a commenter whose web address is the site's own
(blog authors answer their readers). Cues are in ``data/documents.yml``.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import cache
from typing import NamedTuple
from urllib.parse import unquote_plus, urlparse

from . import dates, lexicons, segment, speakers
from .clean import URL_RE
from .labels import generic_role, is_initials
from .segment import NAME_WORD
from .fold import key

#: Below this many words a text is too short to have a genre ("other").
MIN_WORDS = 20


#: A title the page's address spells: the line covers this share of the
#: words of one segment of the address's path (its slug), and this share of
#: the line's own words are in it ("Fiche métier : comment devenir community
#: manager" for ".../devenir-community-manager/").
MIN_SLUG_SHARE, MIN_LINE_SHARE = 0.6, 0.5
#: How many lines from the top of a page may hold the title its address spells.
ADDRESS_TITLE_LINES = 30
#: A title is at most this many words.
MAX_TITLE_WORDS = 25


def address_slugs(url: str) -> list[set[str]]:
    """The words of each segment of a web address's path and query of two
    words or more, folded ("…/2012/03/28/nimporte-qui-peut-etre-community-
    manager/" → {nimporte, qui, peut, etre, community, manager}); an address
    in Latin-1 ("m%E9tier") read as such."""
    parsed = urlparse(url)
    raw = parsed.path.split("/") + [v for part in parsed.query.split("&") for v in part.split("=")[1:]]
    slugs = []
    for segment_ in raw:
        text = unquote_plus(segment_, encoding="utf-8", errors="replace")
        if "\ufffd" in text:
            text = unquote_plus(segment_, encoding="latin-1")
        words = {w for w in key(text).split() if not w.isdigit()}
        if len(words) >= 2:
            slugs.append(words)
    return slugs


def title_in_address(url: str | None, lines: list[str]) -> str | None:
    """The line near the top of a page that its address spells: the slug a
    site makes of its title ("…/nimporte-qui-peut-etre-community-manager/"
    for "N'importe qui peut être Community Manager"): of the lines that
    cover most of one segment's words and whose own words are mostly in it,
    the one that shares the most words with it (a category's segment,
    ".../faits-divers/...", is short), then covers it best, the earliest on
    a tie. None when no line is spelt so (an address of ids, or none)."""
    slugs = address_slugs(url) if url else []
    best, best_score = None, (0, 0.0, 0.0)
    for line in lines[:ADDRESS_TITLE_LINES] if slugs else []:
        line = segment.strip_symbols(line).strip()
        words = key(line).split()
        if len(words) < 2 or len(words) > MAX_TITLE_WORDS:
            continue
        for slug in slugs:
            found = len(set(words) & slug)
            covered, share = found / len(slug), sum(w in slug for w in words) / len(words)
            if covered >= MIN_SLUG_SHARE and share >= MIN_LINE_SHARE and (found, covered, share) > best_score:
                best, best_score = line, (found, covered, share)
    return best


def site_name_key(url_or_host: str | None) -> str | None:
    """The distinctive name in a web address: "http://narominded.blogspot.com"
    and "www.narominded.com" → "narominded"; a social profile → None."""
    if not url_or_host:
        return None
    host = urlparse(url_or_host if "//" in url_or_host else "//" + url_or_host).hostname or ""
    skip = set(lexicons.load("documents")["platform_hosts"])
    labels = [l for l in host.lower().split(".")[:-1] if l and l not in skip]
    return labels[-1] if labels else None


def site_spells(name: str | None, url_or_host: str | None) -> bool:
    """Whether a site's own name spells a person's name: their name whole
    ("khaliltrabelsi.com"), the initials of their given names then their
    surname ("tcrouzet.com", "yybiffe.com") or their surname alone: the
    address of a personal site."""
    own = site_name_key(url_or_host)
    words = key(name or "").split()
    if not own or len(words) < 2:
        return False
    own = own.replace("-", "")
    given, surname = words[:-1], words[-1]
    return own in {"".join(words), "".join(w[0] for w in given) + surname, surname}


@cache
def _first_person_words() -> frozenset:
    """The first-person words as ``\\w+`` splits a text ("j'" is "j")."""
    return frozenset(w.rstrip("'") for w in lexicons.first_person())


def _first_person(text: str) -> bool:
    return any(w in _first_person_words() for w in re.findall(r"\w+", text.lower()))


def _display_label(labels: list[str]) -> str | None:
    """The most complete of a speaker's labels, when it can stand as an
    author's name: a full name, a pseudonym or a title ("MarketingIsDead",
    "Blogueuse"). Initials ("C", "NLG") and a lone given name ("Romain")
    stand for a speaker the page introduces, they do not name the author;
    a page that only has those has no author we can state."""
    full = [l for l in labels if not is_initials(l)]
    if not full:
        return None
    label = full[0]
    if len(label.split()) == 1 and lexicons.is_given_name(label):
        return None
    return label


def interview_author(interview: speakers.Interview, paragraphs: list[str]) -> str | None:
    """The author of an interview page: the interviewer, or the interviewee
    when the first-person introduction names the interviewer."""
    if not interview.labeled:
        return None
    interviewer = [l for l in interview.interviewer_labels if not generic_role(l)]
    interviewee = [l for l in interview.interviewee_labels if not generic_role(l)]
    intro = " ".join(paragraphs[:interview.first_paragraph])
    folded_intro = key(intro)
    names_interviewer = any(key(l) in folded_intro for l in interviewer if not is_initials(l))
    if names_interviewer and _first_person(intro) and interviewee:
        return _display_label(interviewee)
    return _display_label(interviewer)


@cache
def _interviewer_lead_regex() -> re.Pattern:
    verbs = "|".join(lexicons.load("documents")["interviewer_leads"])
    name = rf"(?P<name>{NAME_WORD}(?:\s+{NAME_WORD}){{0,2}})"
    return re.compile(rf"(?:^|[.!?]\s+)(?:[^.!?,]{{0,40}},\s*)?{name}\s+(?:{verbs})")


def interviewer_in_lead(intro: list[str]) -> str | None:
    """The interviewer an interview's introduction names as the subject of
    what an interviewer does, opening one of its sentences ("Culture RP a
    rencontré X", "Chaque mois, Alchimia rencontre un gestionnaire de
    communauté"): the page's author, a person or a publication. Not a
    pronoun or a determiner ("Nous avons rencontré", "Le blog a …")."""
    for para in intro:
        for m in _interviewer_lead_regex().finditer(para):
            if m.group("name").split()[0].lower() not in _french_stopwords():
                return m.group("name")
    return None


@cache
def _french_stopwords() -> frozenset:
    return frozenset(lexicons.load("documents")["stopwords"]["fr"])


class Author(NamedTuple):
    """A document's author as printed, and what in the page says so
    (``AUTHOR_EVIDENCE``)."""

    name: str
    evidence: str


#: What may name a document's author, as ``documents.author_evidence`` says:
#: the saved page's markup, a by-line ("Par X", "X | 3 mai 2012"), a name
#: printed alone by the title, the interviewer's label or the lead's ("X a
#: rencontré"), a by-line sentence of the lead ("Une tribune de X"), the
#: by-line a post ends with, the commenter whose address is the site's own.
AUTHOR_EVIDENCE = ("markup", "byline", "name_line", "interview", "lead", "closing", "site_owner", "commenter")


def find_author(bylines: list[str], interview: speakers.Interview | None, paragraphs: list[str],
                commenters: list[tuple[str | None, str | None]], site: str | None,
                name_lines: set[str] = frozenset(), site_owners: list[str] = ()) -> Author | None:
    """The document's author, or None.

    ``bylines`` are the by-lines the page's header and footer print, of
    which ``name_lines`` were a name alone; ``commenters`` are (name, url)
    pairs; ``site`` is the page's URL or host; ``site_owners`` the people
    the site's name above the title names ("Le blog de X"), whose page it is
    when nothing else names an author.
    """
    if bylines:
        return Author(bylines[0], "name_line" if bylines[0] in name_lines else "byline")
    if interview:
        author = interview_author(interview, paragraphs) \
            or interviewer_in_lead(paragraphs[:interview.first_paragraph])
        if author:
            return Author(author, "interview")
    author = lead_author(paragraphs) or (None if interview else introduced_author(paragraphs))
    if author:
        return Author(author, "lead")
    author = closing_author(paragraphs)
    if author:
        return Author(author, "closing")
    if site_owners:
        return Author(site_owners[0], "site_owner")
    own = site_name_key(site)
    if own:
        for name, url in commenters:
            if name and site_name_key(url) == own:
                return Author(name, "commenter")
    return None


#: How many paragraphs at the top of the text may hold a by-line sentence.
LEAD_PARAGRAPHS = 3
#: How many may be a paragraph that is only a by-line: news pages print it
#: under the title, a notice and the standfirst.
BYLINE_PARAGRAPHS = 5


@cache
def _lead_byline_regexes() -> list[re.Pattern]:
    # The given name may have lost its capital ("demandé à marc Brohée"):
    # it must be one of the lexicon's, and the surname is capitalised.
    name = rf"(?P<name>(?:{NAME_WORD}|[a-zà-ÿ][\w'’-]*)(?:\s+{NAME_WORD}){{1,2}})"
    nouns = "|".join(lexicons.load("wording")["byline_nouns"])
    verbs = lexicons.speech_alternation()
    article = lexicons.expand(r"(?:{{indefinite_articles}}\s+|{{definite_articles}}\s*)?")
    link = lexicons.expand(r"(?:{{byline_noun_links}}|{{byline_signed}}\s+(?:{{by}}\s+)?)")
    return [re.compile(rf"(?:^|[.!?:]\s+){article}(?:{nouns})\s+{link}\s*{name}",
                       re.IGNORECASE),
            re.compile(lexicons.expand(rf"^{name}\s+{{{{reader_pronouns}}}}\s+(?:{verbs})\b")),
            re.compile(rf"(?i:{'|'.join(lexicons.load('documents')['guest_leads'])})\s+{name}")]


def lead_author(paragraphs: list[str]) -> str | None:
    """An author named by the lead: a paragraph that is a by-line ("Par
    X", printed under the lead's first paragraph), "Une tribune de X,
    présidente de …", a subtitle in which a named person addresses the
    reader ("X vous explique ce qu'est …"), or the owner of a blog handing
    it to a guest ("Je laisse la parole à X")."""
    lead = _lead(paragraphs, LEAD_PARAGRAPHS)
    for at, para in enumerate(_lead(paragraphs, BYLINE_PARAGRAPHS)):
        name = _byline_paragraph(para)
        if name:
            return name
        if at >= len(lead):
            continue
        for regex in _lead_byline_regexes():
            m = regex.search(para)
            if m and lexicons.is_given_name(m.group("name").split()[0].capitalize()):
                return m.group("name")[:1].upper() + m.group("name")[1:]
    return None


def introduced_author(paragraphs: list[str]) -> str | None:
    """The author of a post who introduces themselves in its lead ("Je
    m'appelle Jean Dupont et je suis community manager", "moi c'est X"):
    in a page that is no interview, the first person is the author's."""
    for para in _lead(paragraphs, LEAD_PARAGRAPHS):
        names = [n for n in speakers.self_introduced(para)
                 if len(n.split()) >= 2 and lexicons.is_given_name(n.split()[0])]
        if names:
            return names[0]
    return None


def _lead(paragraphs: list[str], size: int) -> list[str]:
    """The paragraphs up to the ``size``-th that is more than a label of
    the page ("Plan", "Texte", "p. 18-19": ``segment.LABEL_WORDS`` words or
    fewer)."""
    out, counted = [], 0
    for para in paragraphs:
        if counted == size:
            break
        out.append(para)
        counted += len(para.split()) > segment.LABEL_WORDS
    return out


#: How many paragraphs at the end of the text may be a closing by-line.
CLOSING_PARAGRAPHS = 2


@cache
def _closing_label_regex() -> re.Pattern:
    labels = "|".join(lexicons.load("documents")["closing_labels"])
    return re.compile(lexicons.expand(rf"^\s*(?:(?:{labels})\s*:\s*)?(?={{{{by}}}}\s)"), re.IGNORECASE)


def closing_author(paragraphs: list[str]) -> str | None:
    """The by-line a post ends with ("Par X", "Source : Par X http://…"),
    when it names a person (a given name first); only "par"/"by": "Une
    tribune de X" at the end of a text is a teaser for another."""
    for para in paragraphs[-CLOSING_PARAGRAPHS:]:
        name = _byline_paragraph(para)
        if name:
            return name
    return None


def _byline_paragraph(para: str) -> str | None:
    """The author a paragraph that is only a by-line names: "Par X",
    "Source : Par X http://…" ("par"/"by" and a given name first), or a
    by-line that says it is one with a verb of publishing ("Article rédigé
    par Francetv Emploi", under the lead of a news page), whoever it names;
    a short paragraph with "par X" and no sentence after the name ("Un
    billet rédigé par X", "Interview par X le 12 mars") or a by-line with a
    date ("X | 3 mai 2012")."""
    m = _closing_label_regex().match(para)
    line = URL_RE.sub("", para[m.end():]).strip() if m else ""
    name = segment.byline_author(line) if line and len(line.split()) <= 8 else None
    if name and lexicons.is_given_name(name.split()[0]) and len(name.split()) >= 2:
        return name
    if len(para.split()) <= 8 and _published_by_regex().match(para):
        return segment.byline_author(para)
    if len(para.split()) > BYLINE_WORDS:
        return None
    m = _ending_by_name_regex().match(para.strip())
    lead = m.group("lead").split() if m else []
    a_name = bool(lead) and lexicons.is_given_name(lead[0]) and all(w[0].isupper() for w in lead)
    if m and not a_name and not _credit_regex().search(m.group("lead")):
        name = m.group("name")  # "Un billet rédigé par X", "Tribune signée par X, consultant"
    elif dates.find_dates(para) or _author_label_regex().match(para):
        name = segment.byline_author(para)  # "X | 3 mai 2012", "X, le 8 février 2011", "Texte : X"
    else:
        return None  # "Une tribune de X" past the lead's first paragraphs: a teaser for another text
    if name and lexicons.is_given_name(name.split()[0]) and len(name.split()) >= 2:
        return name
    return None


@cache
def _ending_by_name_regex() -> re.Pattern:
    """A short paragraph with "par" or "by" and a name, and no sentence
    after it ("…, consultante", "… le 12 mars dans Actualités"): the by-line
    of what the words before it name ("Un billet rédigé par X", "Interview par X"), when
    they are not a name ("Catherine Créhange par X" is a picture's caption)
    nor a picture's credit."""
    name = rf"(?P<name>{NAME_WORD}(?:\s+{NAME_WORD}){{1,2}})"
    return re.compile(lexicons.expand(rf"^(?P<lead>[^.!?:\d]{{0,60}}?)(?<!\w)(?i:{{{{by}}}})\s*:?\s+{name}"
                                      r"(?:\s*[,(|•·–—-][^.!?]*|\s+[^.!?]*)?\.?$"))


@cache
def _author_label_regex() -> re.Pattern:
    """The label a by-line opens with ("Auteur :", "Texte et photos :")."""
    return re.compile(lexicons.expand(r"^\s*(?:{{author_labels}})\s*:"), re.IGNORECASE)


@cache
def _credit_regex() -> re.Pattern:
    words = "|".join(lexicons.load("documents")["credit_words"])
    return re.compile(rf"(?<!\w)(?:{words})(?!\w)", re.IGNORECASE)


#: A by-line paragraph is at most this long: "Jean Dupont, le 8 février
#: 2011 à 10 h 30" is a by-line, a longer paragraph is prose.
BYLINE_WORDS = 10


@cache
def _published_by_regex() -> re.Pattern:
    """"Article rédigé par", "Publié par", "Écrit par" opening a paragraph."""
    return re.compile(lexicons.expand(r"^(?:(?:{{byline_nouns_before_verb}})\s+)?(?:{{publishing_verbs}})\s+{{by}}\s"),
                      re.IGNORECASE)


def guess_genre(title: str | None, paragraphs: list[str], interview: speakers.Interview | None) -> str:
    """interview, podcast_notes, blog_post, article or other."""
    cues = lexicons.load("documents")
    folded_title = key(title or "")
    body = key(" ".join(paragraphs))
    if interview or any(re.search(rf"\b{p}\b", folded_title) for p in cues["interview_title"]):
        return "interview"
    podcast = [rf"\b{p}\b" for p in cues["podcast"]]
    if any(re.search(p, folded_title) for p in podcast) or sum(len(re.findall(p, body)) for p in podcast) >= 2:
        return "podcast_notes"
    words = body.split()
    if len(words) < MIN_WORDS:
        return "other"
    first = sum(1 for w in words if w in _first_person_words())
    return "blog_post" if 100 * first / len(words) >= cues["first_person_rate"] else "article"


def guess_language(text: str) -> str | None:
    """ISO 639-1 code of the language with most function words in ``text``."""
    words = Counter(re.findall(r"\w+", text.lower()))
    scores = {lang: sum(words[w] for w in stop)
              for lang, stop in lexicons.load("documents")["stopwords"].items()}
    best = max(scores, key=scores.get)
    return best if scores[best] >= 3 else None
