"""Segmenting: a normalised page → header, body and tail.

A copied blog page reads, top to bottom: a header (title, a date line, a
by-line, a comment-count bubble), the article body, then a tail that holds
no article text: post footer, author box, related posts, share widgets and
the comment section. This stage finds the three parts; it does not clean
the body (``clean``) nor read the comments (``comments``).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache

from . import lexicons, comments, dates, speakers
from .clean import Removed, is_boilerplate, is_comment_heading, is_end_of_body, is_spam, strip_bullet

#: How many lines from the top can belong to the header.
HEADER_SCAN = 6
#: A title is at most this long.
MAX_TITLE_WORDS = 20
#: A header line (date, by-line) is at most this long; a longer one is prose
#: that happens to say "publié le" ("Le journal X a publié le 17 avril un
#: article …"), and belongs to the body.
MAX_HEADER_LINE_WORDS = 30
MAX_TITLE_CHARS = 200

COUNT_BUBBLE_RE = re.compile(r"^\d{1,4}$")
#: The number of a numbered heading ("1. Comment devient-on …"), not part of a title.
NUMBERING_RE = re.compile(r"^\d{1,2}\s*[./)]\s+(?=\S)")
#: A date as by-lines print it: "3 mai 2012", "1er avril 2009", "12/03/2012".
_BYLINE_DATE = (rf"(?:\d{{1,2}}(?:{'|'.join(lexicons.load('calendar')['ordinal_suffixes'])})?\s+\w+\.?\s+\d{{4}}"
                 r"|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4})\b")
#: What separates a by-line's parts: a bar, a bullet, a dash ("X – 3 mai
#: 2012", "X - 3 mai 2012").
_BYLINE_SEPARATOR = r"(?:\s*[|•·—–]|\s+-(?=\s))"
BYLINE_AUTHOR_RE = re.compile(lexicons.expand(
    r"^(?:(?:{{byline_nouns_before_verb}})\s+)?(?:(?:{{publishing_verbs}})\s+(?:{{byline_places}})\s+.{1,40}?\s+"
    r"|(?:(?:{{publishing_verbs}}|{{byline_leads}})\s+)?(?:{{date_words}}\s+(?:.+?\s+)?|.{0,25}?\d{4}\s*,?\s+)?)"
    rf"{{{{by}}}}\s*:?\s+(?P<name>[^\d|,•·—–()]{{2,60}}?)(?:\s+(?:{{{{date_words}}}}|{{{{byline_places}}}})\b.*|\s*[,(].*|{_BYLINE_SEPARATOR}.*)?$"
    r"|^(?:{{author_labels}})\s*:\s*(?P<name2>[^|,]{2,60}?)\s*(?:[|,].*)?$"
    r"|^(?:{{indefinite_articles}}\s+)?(?:{{byline_nouns}})\s+{{byline_noun_links}}\s*"
    r"(?P<name3>[^\d|,]{2,60}?)\s*(?:,.*)?$"
    rf"|^(?P<name4>[^\d|,:•·—–]{{2,60}}?)(?:,?\s+{{{{date_words}}}}|,|{_BYLINE_SEPARATOR})\s*{_BYLINE_DATE}.*$"
    rf"|^{_BYLINE_DATE}{_BYLINE_SEPARATOR}\s*(?P<name5>[^\d|,:•·—–]{{2,60}}?)\s*(?:[|,•·—–].*)?$"), re.IGNORECASE)
#: A word of a name printed alone: capitalised, or all capitals ("CROUZET").
NAME_WORD = rf"[{lexicons.UPPERCASE}][\w'’-]*"


@dataclass
class Page:
    """The parts of one page. Line numbers index the normalised text's lines."""

    title: str | None = None
    header_dates: list[str] = field(default_factory=list)
    footer_dates: list[str] = field(default_factory=list)
    bylines: list[str] = field(default_factory=list)
    name_lines: set[str] = field(default_factory=set)  # the by-lines that are a name alone (``name_line``)
    site_owners: list[str] = field(default_factory=list)  # the people the site's name above the title names
    stated_comments: int | None = None
    body: list[tuple[int, str]] = field(default_factory=list)
    tail: list[tuple[int, str]] = field(default_factory=list)
    header: list[Removed] = field(default_factory=list)


def byline_author(line: str) -> str | None:
    """The author a by-line names ("Publié le 3 mai par Jean Dupont",
    "Posted in News by X", "Auteur : X", "26 févr. 2013, par X", "X, le 8
    février 2011", "X | 10 avril 2024", "X - 12/03/2013", "3 mai 2012 | X",
    "Par X (journaliste)", "Une tribune de X, présidente de …")."""
    m = BYLINE_AUTHOR_RE.match(line)
    if not m:
        return None
    name = next((g for g in m.groups() if g), "").strip(" .:")
    name = re.sub(r"\s*\(?@\w+\)?$", "", name)  # "Editoile @editoile", "X (@x)": the account after the name
    name = _CO_AUTHOR_RE.split(name)[0]  # "X et Y": the first signs first
    name = _trailing_verb_regex().sub("", name)  # "Par X Mis à jour le …", "X Publié le …"
    name = _without_title(name)  # "Capitaine Marine Rabasté"
    if (m.group("name4") or m.group("name5")) and not lexicons.is_given_name(re.split(r"[\s-]", name)[0]):
        return None  # a date beside a word that names nobody: "Accueil | 3 mai 2012"
    if m.group("name4") and re.match(r",\s*\d", line[m.end("name4"):]) and len(name.split()) < 2:
        return None  # a dateline: "Paris, 3 mai 2012" ("Paris" is a given name too)
    return name if name and len(name.split()) <= 5 and name[0].isupper() else None


#: What joins two authors of one by-line ("X et Y", "X & Y").
_CO_AUTHOR_RE = re.compile(r"\s+(?:{}|&)\s+".format("|".join(lexicons.load("entities")["conjunction_and"])))


@cache
def _trailing_verb_regex() -> re.Pattern:
    """A verb of publishing or updating run into the name before it ("X
    Publié", "X Mis à jour"): the by-line's next part, not the name's."""
    return re.compile(lexicons.expand(r"\s+(?:{{publishing_verbs}}|{{updating_verbs}})$"), re.IGNORECASE)


def _without_title(name: str) -> str:
    """``name`` without the titles and ranks it opens with (``name_prefixes``
    of entities.yml: "Capitaine", "Docteur"), when a name is left."""
    words = name.split()
    while len(words) > 1 and words[0].lower() in lexicons.name_prefixes():
        words = words[1:]
    return " ".join(words)


def name_line(line: str) -> str | None:
    """A line that is a person's name and nothing else ("Thierry CROUZET"),
    as pages print their author above or below the title: two or three
    capitalised words, the first a given name."""
    tokens = line.strip().split()
    if not 2 <= len(tokens) <= 3 or not all(re.fullmatch(NAME_WORD, t) for t in tokens):
        return None
    return line.strip() if lexicons.is_given_name(tokens[0]) else None


@cache
def _name_tail_regex() -> re.Pattern:
    """A name at the head of a line and what by-lines print after it: a
    short role without an employer ("Jean Dupont, consultant web"), the
    account in parentheses, a reading time or a count after a bullet, a
    date or a count, a publishing verb ("Jean Dupont Publié le …")."""
    employer = lexicons.phrase_alternation(lexicons.load("entities")["employer_prepositions"])
    role = rf"(?:(?!(?:{employer})(?:\s|$))[a-zà-öø-ÿ][\w'’-]*\s*){{1,4}}"
    return re.compile(lexicons.expand(
        rf"^(?P<name>{NAME_WORD}(?:\s+{NAME_WORD}){{1,2}})"
        rf"(?:,\s*{role}|\s*\(?@\w+\)?|\s*[·•]\s.*|\s+\d.*|\s+(?:{{{{publishing_verbs}}}})\b.*)$"))


def name_with_tail(line: str) -> str | None:
    """The author's name a by-line opens with when what follows it is a
    role, an account, a reading time, a date or a count, not a sentence
    ("Jean Dupont, journaliste", "Jean Dupont (@jdupont)", "Jean Dupont ·
    3 min de lecture", "Jean Dupont 12 mars 2012")."""
    m = _name_tail_regex().match(line.strip())
    return name_line(m.group("name")) if m else None


#: What sets a site's name off from its description or a title from the
#: site's name: a bar, a dash or a colon between spaces.
SITE_PART_SEPARATOR_RE = re.compile(r"\s+[|–—:-]\s+")


@cache
def _site_owner_lead_regex() -> re.Pattern:
    leads = "|".join(lexicons.load("documents")["site_owner_leads"])
    return re.compile(rf"^(?i:{leads})\s*(?P<name>.+)$")


def site_owner(line: str) -> str | None:
    """The person a site's name printed above the title names, as personal
    blogs print their owner's: "Jean Dupont | Consultant en stratégie
    digitale", "Jean Dupont - Communication et réseaux sociaux", "Le blog
    de Jean Dupont". The name must stand as ``name_line`` reads one."""
    first = SITE_PART_SEPARATOR_RE.split(line.strip(), maxsplit=1)[0]
    lead = _site_owner_lead_regex().match(first)
    return name_line(lead.group("name") if lead else first)


def strip_symbols(line: str) -> str:
    """``line`` without the pictographs it opens with ("⭐️ Un CM, ça
    s'adapte ?"): symbols and their variation selectors, not letters."""
    k = 0
    while k < len(line) and (unicodedata.category(line[k]) in {"So", "Sk", "Mn", "Cf"} or line[k].isspace()):
        k += 1
    return line[k:]


def looks_like_title(line: str) -> bool:
    """A heading, not a sentence: short, capitalised, no final full stop,
    no speaker label."""
    line = strip_symbols(line)
    words = line.split()
    if not 1 <= len(words) <= MAX_TITLE_WORDS or len(line) > MAX_TITLE_CHARS:
        return False
    if not re.match(r"[\w\[«\"“'(#]", line) or line[0].islower():
        return False
    if re.search(r"(?<!\.\.)[.:,;]$", line):
        return False
    parsed = speakers.parse_label(line)
    return not (parsed and parsed[1] < len(line))


def _is_breadcrumb(line: str, nxt: str) -> bool:
    """A navigation trail ("Accueil Formations Fiche métier : X") that ends
    with the heading printed under it ("Fiche métier : X")."""
    return len(nxt.split()) >= 2 and line != nxt and line.endswith(nxt) and looks_like_title(nxt)


def _is_short(line: str) -> bool:
    """A line of page furniture above a title: a few words, not a sentence."""
    return len(line.split()) <= MAX_TITLE_WORDS and not re.search(r"(?<!\.\.)\.$", line)


def _header_facts(line: str) -> tuple[str | None, str | None, bool, bool]:
    """(date, author, comment-count bubble, whether the author is a name
    printed alone) a line near the top states; a date inside a by-line is
    the publication date ("X, le 8 février 2011")."""
    if len(line.split()) > MAX_HEADER_LINE_WORDS:
        return None, None, False, False
    line = strip_bullet(line)  # "• Par X", "• Publié le …": the header as a list
    by_line = byline_author(line)
    author = by_line or name_line(line) or name_with_tail(line)
    found = dates.byline_date(line)
    if not found and author:
        in_line = dates.find_dates(line)
        found = in_line[0].iso if in_line else None
    return found, author, bool(COUNT_BUBBLE_RE.match(line)), bool(author and not by_line)


def split_page(text: str) -> Page:
    """Find the header, body and tail of a normalised page."""
    numbered = [(n, l) for n, l in enumerate(text.split("\n")) if l]
    page = Page()
    header_lines = _read_header(numbered, page)
    # Spam and boilerplate lines passed over in the header stay in the body,
    # where the cleaner removes and records them.
    rest = [(n, l) for n, l in numbered if n not in header_lines]
    tail_start = _tail_start(rest)
    page.body, page.tail = rest[:tail_start], rest[tail_start:]
    _read_footer(page)
    return page


def _is_furniture(line: str) -> bool:
    return is_spam(line) or is_boilerplate(line)


def _title_line(top: list[tuple[int, str]], meta: list[int], first_meta: int | None, unlabeled_qa: set) -> int | None:
    """Which line of ``top`` is the title: the heading just above the first
    date or by-line (or just below it when nothing is above), else the
    first line that is not page furniture."""
    if first_meta is None:
        return _first_heading(top, unlabeled_qa)
    below = next((k for k in range(first_meta + 1, len(top)) if k not in meta and not _is_furniture(top[k][1])), None)
    headline_below = below is not None and looks_like_title(top[below][1]) and below not in unlabeled_qa
    # The nearest heading above: a line that is no heading ("avatar", an
    # image's name) may stand between the title and its by-line.
    above = next((k for k in reversed(range(first_meta)) if not _is_furniture(top[k][1])
                  and looks_like_title(top[k][1])), None)
    if above is None:
        return below if headline_below else None
    line = top[above][1]
    if headline_below and _is_label(line) and len(top[below][1].split()) > len(line.split()):
        return below  # a section label above the by-line, the headline under it
    return above


#: A heading of at most this many words (or in capitals) above a longer
#: heading is a label of the page: its section, its site, its navigation.
LABEL_WORDS = 3


def _is_label(line: str) -> bool:
    return len(line.split()) <= LABEL_WORDS or line.isupper()


def _first_heading(top: list[tuple[int, str]], unlabeled_qa: set) -> int | None:
    """Without a date or by-line to stand by, the title is the first line
    that is not page furniture, when it looks like a heading; a page opening
    often prints labels above it ("Catégories", "Carrière", "Fiche Métier",
    "LES CARRIÈRES NON TRADITIONNELLES"): a short or capitalised heading
    followed by a longer one gives way to it."""
    lines = [k for k, (_, l) in enumerate(top) if not _is_furniture(l)]
    if not lines or lines[0] in unlabeled_qa:
        return None
    first = top[lines[0]][1]
    if not looks_like_title(first) and not (_is_label(first) and not re.search(r"[.!?:;,]$", first)):
        return None  # a tag in lower case ("gestion de communauté") may stand above the title too
    at = lines[0]
    # Walk down the run of labels ("BFM Business" / "Transports"): the
    # first heading longer than the label it replaces is the title.
    for line_at, nxt in zip(lines, lines[1:]):
        line, following = top[line_at][1], top[nxt][1]
        if not (_is_label(line) and looks_like_title(following) and nxt not in unlabeled_qa):
            break
        if len(following.split()) > len(top[at][1].split()):
            at = nxt
    return at if looks_like_title(top[at][1]) else None


def _read_header(numbered: list[tuple[int, str]], page: Page) -> set[int]:
    """Header: date lines, by-lines and count bubbles near the top; the
    title is the heading just above them (or, without them, the first
    line). Short lines above the title are the site's name and navigation.
    Fills ``page``'s title, header dates, by-lines and header; returns the
    numbers of the lines it took."""
    questions = speakers.question_paragraphs([l for _, l in numbered])
    unlabeled_qa = set(questions) if len(questions) >= speakers.MIN_UNLABELED_PAIRS else set()
    top = numbered[:HEADER_SCAN]
    found = {k: _header_facts(l) for k, (_, l) in enumerate(top)}
    meta = [k for k, f in found.items() if any(f)]
    first_meta = meta[0] if meta and _header_above(top[:meta[0]]) else None
    title_at = _title_line(top, meta, first_meta, unlabeled_qa)
    end = max((meta if first_meta is not None else []) + [title_at if title_at is not None else -1]) + 1
    if title_at is not None and title_at + 1 < len(top) and _is_breadcrumb(top[title_at][1], top[title_at + 1][1]):
        title_at += 1
        end = max(end, title_at + 1)
    for k, (n, line) in enumerate(numbered[:end]):
        if k == title_at:
            page.title = NUMBERING_RE.sub("", strip_symbols(line))
            page.header.append(Removed(n, "title", line))
        elif k in meta:
            d, author, bubble, alone = found[k]
            if d:
                page.header_dates.append(d)
            if author:
                page.bylines.append(author)
                if alone:
                    page.name_lines.add(author)
            if bubble:
                page.stated_comments = int(strip_bullet(line))
            page.header.append(Removed(n, "comment count" if bubble else "date line" if d and not author
                                       else "by-line", line))
        elif not _is_furniture(line) and (title_at is None or k < title_at):
            page.header.append(Removed(n, "page header", line))
            owner = site_owner(line)
            if owner:
                page.site_owners.append(owner)
    return {r.line for r in page.header}


def _header_above(above: list[tuple[int, str]]) -> bool:
    """Whether the lines above the first date or by-line belong to the
    header: all short, or a longer line (a site's tagline: "Conseils et
    analyses sur les réseaux sociaux pour les PME.") with a heading under
    it, the title."""
    longer = [k for k, (_, line) in enumerate(above) if not _is_short(line)]
    return not longer or any(looks_like_title(line) for _, line in above[longer[-1] + 1:])


def _tail_start(rest: list[tuple[int, str]]) -> int:
    """Where the tail starts: the first line after the body's first that
    ends an article body."""
    for k in range(1, len(rest)):
        nxt = rest[k + 1][1] if k + 1 < len(rest) else None
        if is_end_of_body(rest[k][1]) or comments.is_comment_start(rest[k][1], nxt):
            return k
    return len(rest)


def _read_footer(page: Page) -> None:
    """The post footer (before the comment section) may carry the date,
    the author and the comment count."""
    for _, line in page.tail:
        if page.stated_comments is None:
            page.stated_comments = comments.stated_count(line)
        if comments.is_comment_start(line, None) or is_comment_heading(line) or comments.SIGNATURE_RE.match(line):
            break
        d = dates.byline_date(line) or (dates.find_dates(line)[0].iso
                                        if is_end_of_body(line) and dates.find_dates(line) else None)
        if d:
            page.footer_dates.append(d)
        author = byline_author(line)
        if author:
            page.bylines.append(author)
