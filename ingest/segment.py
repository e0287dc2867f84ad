"""Segmenting: a normalised page → header, body and tail.

A copied blog page reads, top to bottom: a header (title, a date line, a
by-line, a comment-count bubble), the article body, then a tail that holds
no article text: post footer, author box, related posts, share widgets and
the comment section. This stage finds the three parts; it does not clean
the body (``clean``) nor read the comments (``comments``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import lexicons, comments, dates, speakers
from .clean import Removed, is_boilerplate, is_end_of_body, is_spam

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
BYLINE_AUTHOR_RE = re.compile(
    r"^(?:(?:publié|posté|écrit|rédigé|posted|written|published)\s+)?(?:(?:le|on)\s+.+?\s+|.{0,25}?\d{4}\s*,?\s+)?"
    r"(?:par|by)\s*:?\s+(?P<name>[^\d|,]{2,60}?)(?:\s+(?:le|on|à|dans|in)\b.*|\s*[|,].*)?$"
    r"|^(?:auteur|author)\s*:\s*(?P<name2>[^|,]{2,60}?)\s*(?:[|,].*)?$"
    r"|^(?:une?\s+)?(?:tribune|chronique|billet|point de vue|article)\s+(?:de|d['’]|par)\s*"
    r"(?P<name3>[^\d|,]{2,60}?)\s*(?:,.*)?$"
    r"|^(?P<name4>[^\d|,:]{2,60}?),\s+le\s+\d{1,2}(?:er)?\s+\w+\.?\s+\d{4}\b.*$", re.IGNORECASE)
#: A word of a name printed alone: capitalised, or all capitals ("CROUZET").
NAME_WORD = r"[A-ZÀ-ÖØ-Þ][\w'’-]*"


@dataclass
class Page:
    """The parts of one page. Line numbers index the normalised text's lines."""

    title: str | None = None
    header_dates: list[str] = field(default_factory=list)
    footer_dates: list[str] = field(default_factory=list)
    bylines: list[str] = field(default_factory=list)
    stated_comments: int | None = None
    body: list[tuple[int, str]] = field(default_factory=list)
    tail: list[tuple[int, str]] = field(default_factory=list)
    header: list[Removed] = field(default_factory=list)


def byline_author(line: str) -> str | None:
    """The author a by-line names ("Publié le 3 mai par Jean Dupont",
    "Auteur : X", "26 févr. 2013, par X", "X, le 8 février 2011", "Une
    tribune de X, présidente de …")."""
    m = BYLINE_AUTHOR_RE.match(line)
    if not m:
        return None
    name = next((g for g in m.groups() if g), "").strip(" .:")
    name = re.sub(r"\s+@\w+$", "", name)  # "Editoile @editoile": the account after the name
    return name if name and len(name.split()) <= 5 and name[0].isupper() else None


def name_line(line: str) -> str | None:
    """A line that is a person's name and nothing else ("Thierry CROUZET"),
    as pages print their author above or below the title: two or three
    capitalised words, the first a given name."""
    tokens = line.strip().split()
    if not 2 <= len(tokens) <= 3 or not all(re.fullmatch(NAME_WORD, t) for t in tokens):
        return None
    return line.strip() if lexicons.is_given_name(tokens[0]) else None


def looks_like_title(line: str) -> bool:
    """A heading, not a sentence: short, capitalised, no final full stop,
    no speaker label."""
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


def _header_facts(line: str) -> tuple[str | None, str | None, bool]:
    """(date, author, comment-count bubble) a line near the top states; a
    date inside a by-line is the publication date ("X, le 8 février 2011")."""
    if len(line.split()) > MAX_HEADER_LINE_WORDS:
        return None, None, False
    author = byline_author(line) or name_line(line)
    found = dates.byline_date(line)
    if not found and author:
        in_line = dates.find_dates(line)
        found = in_line[0].iso if in_line else None
    return found, author, bool(COUNT_BUBBLE_RE.match(line))


def split_page(text: str) -> Page:
    """Find the header, body and tail of a normalised page."""
    lines = text.split("\n")
    numbered = [(n, l) for n, l in enumerate(lines) if l]
    page = Page()
    paragraphs = [l for _, l in numbered]
    questions = speakers.question_paragraphs(paragraphs)
    unlabeled_qa = set(questions) if len(questions) >= speakers.MIN_UNLABELED_PAIRS else set()

    # Header: date lines, by-lines and count bubbles near the top; the title
    # is the heading just above them (or, without them, the first line).
    # Short lines above the title are the site's name and navigation.
    top = numbered[:HEADER_SCAN]
    found = {k: _header_facts(l) for k, (_, l) in enumerate(top)}
    meta = [k for k, f in found.items() if any(f)]
    first_meta = meta[0] if meta and all(_is_short(l) for _, l in top[:meta[0]]) else None
    title_at = None
    if first_meta is not None:
        above = [k for k in range(first_meta) if not is_spam(top[k][1]) and not is_boilerplate(top[k][1])]
        below = next((k for k in range(first_meta + 1, len(top)) if k not in meta
                      and not is_spam(top[k][1]) and not is_boilerplate(top[k][1])), None)
        if above and looks_like_title(top[above[-1]][1]):
            title_at = above[-1]
        elif not above and below is not None and looks_like_title(top[below][1]) and below not in unlabeled_qa:
            title_at = below
    else:
        first = next((k for k, (_, l) in enumerate(top) if not is_spam(l) and not is_boilerplate(l)), None)
        if first is not None and looks_like_title(top[first][1]) and first not in unlabeled_qa:
            title_at = first
    end = max((meta if first_meta is not None else []) + [title_at if title_at is not None else -1]) + 1
    if title_at is not None and title_at + 1 < len(top) and _is_breadcrumb(top[title_at][1], top[title_at + 1][1]):
        title_at += 1
        end = max(end, title_at + 1)
    for k, (n, line) in enumerate(numbered[:end]):
        if k == title_at:
            page.title = NUMBERING_RE.sub("", line)
            page.header.append(Removed(n, "title", line))
        elif k in meta:
            d, author, bubble = found[k]
            if d:
                page.header_dates.append(d)
            if author:
                page.bylines.append(author)
            if bubble:
                page.stated_comments = int(line)
                page.header.append(Removed(n, "comment count", line))
            else:
                page.header.append(Removed(n, "date line" if d and not author else "by-line", line))
        elif not is_spam(line) and not is_boilerplate(line) and (title_at is None or k < title_at):
            page.header.append(Removed(n, "page header", line))
    # Spam and boilerplate lines passed over in the header stay in the body,
    # where the cleaner removes and records them.
    header_lines = {r.line for r in page.header}
    rest = [(n, l) for n, l in numbered if n not in header_lines]

    # Tail: from the first line after the body's first that ends an article body.
    tail_start = len(rest)
    for k in range(1, len(rest)):
        line = rest[k][1]
        nxt = rest[k + 1][1] if k + 1 < len(rest) else None
        if is_end_of_body(line) or comments.is_comment_start(line, nxt):
            tail_start = k
            break
    page.body = rest[:tail_start]
    page.tail = rest[tail_start:]

    # The post footer (before the comment section) may carry the date and the count.
    for n, line in page.tail:
        if page.stated_comments is None:
            page.stated_comments = comments.stated_count(line)
        if comments.is_comment_start(line, None) or comments.is_section_header(line) \
                or comments.SIGNATURE_RE.match(line):
            break
        d = dates.byline_date(line) or (dates.find_dates(line)[0].iso
                                        if is_end_of_body(line) and dates.find_dates(line) else None)
        if d:
            page.footer_dates.append(d)
        author = byline_author(line)
        if author:
            page.bylines.append(author)
    return page
