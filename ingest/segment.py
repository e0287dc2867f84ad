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

from . import comments, dates, speakers
from .clean import Removed, is_boilerplate, is_end_of_body, is_spam

#: How many lines from the top can belong to the header.
HEADER_SCAN = 6
#: A title is at most this long.
MAX_TITLE_WORDS = 20
MAX_TITLE_CHARS = 200

COUNT_BUBBLE_RE = re.compile(r"^\d{1,4}$")
BYLINE_AUTHOR_RE = re.compile(
    r"^(?:(?:publié|posté|écrit|rédigé|posted|written|published)\s+)?(?:le\s+.+?\s+)?(?:par|by)\s*:?\s+"
    r"(?P<name>[^\d|,]{2,60}?)(?:\s+(?:le|on|à|dans|in)\b.*|\s*[|,].*)?$"
    r"|^(?:auteur|author)\s*:\s*(?P<name2>[^|,]{2,60}?)\s*(?:[|,].*)?$", re.IGNORECASE)


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
    """The author a by-line names ("Publié le 3 mai par Jean Dupont", "Auteur : X")."""
    m = BYLINE_AUTHOR_RE.match(line)
    if not m:
        return None
    name = (m.group("name") or m.group("name2") or "").strip(" .:")
    return name if name and len(name.split()) <= 5 and name[0].isupper() else None


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


def split_page(text: str) -> Page:
    """Find the header, body and tail of a normalised page."""
    lines = text.split("\n")
    numbered = [(n, l) for n, l in enumerate(lines) if l]
    page = Page()
    paragraphs = [l for _, l in numbered]
    questions = speakers.question_paragraphs(paragraphs)
    unlabeled_qa = set(questions) if len(questions) >= speakers.MIN_UNLABELED_PAIRS else set()

    # Header: date lines, count bubbles, by-lines and at most one title.
    i, title_tried = 0, False
    while i < min(len(numbered), HEADER_SCAN):
        n, line = numbered[i]
        d = dates.byline_date(line)
        author = byline_author(line)
        if d or author:
            if d:
                page.header_dates.append(d)
            if author:
                page.bylines.append(author)
            page.header.append(Removed(n, "date line" if d and not author else "by-line", line))
        elif COUNT_BUBBLE_RE.match(line):
            page.stated_comments = int(line)
            page.header.append(Removed(n, "comment count", line))
        elif is_spam(line) or is_boilerplate(line):
            pass  # left to the cleaner, which records it
        elif not title_tried:
            title_tried = True
            if looks_like_title(line) and i not in unlabeled_qa:
                page.title = line
                page.header.append(Removed(n, "title", line))
            else:
                break
        else:
            break
        i += 1
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

    # The post footer (before the first comment) may carry the date and the count.
    for n, line in page.tail:
        if page.stated_comments is None:
            page.stated_comments = comments.stated_count(line)
        if comments.is_comment_start(line, None):
            break
        d = dates.byline_date(line) or (dates.find_dates(line)[0].iso
                                        if is_end_of_body(line) and dates.find_dates(line) else None)
        if d:
            page.footer_dates.append(d)
        author = byline_author(line)
        if author:
            page.bylines.append(author)
    return page
