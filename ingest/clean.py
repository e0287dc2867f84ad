"""Cleaning: normalise characters and white space, and recognise the lines of
a page that are not the author's text: boilerplate, injected spam, image
captions, paragraphs a crawl duplicated and, on a saved page, the short
lines the extraction library (trafilatura) leaves out of the main text.

Every rule here is general page knowledge kept in ``ingest/data/``
(boilerplate.yml, spam.yml) or the library's; nothing matches one
article's wording.
What is dropped is returned with its reason, so that the build can record it.
"""
from __future__ import annotations

import re
from functools import cache
import unicodedata
from dataclasses import dataclass

from . import lexicons
from .fold import key

#: Characters that are spaces in disguise on web pages.
SPACE_CHARS = "\u00a0\u2007\u202f\u2009\u200a\u2002\u2003\u2004\u2005\u2006\u2008\u205f\u3000\t"
#: Characters that carry nothing visible.
INVISIBLE_CHARS = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
#: Bullets that start list items in copied pages.
BULLET_RE = re.compile(r"^\s*[•◦▪▸►‣∙·*-]\s+")

URL_RE = re.compile(r"(?:https?://|www\.)[^\s<>\"«»]+", re.IGNORECASE)
PERCENT_JUNK_RE = re.compile(r"(?:%[0-9A-Fa-f]{2}){6,}")

#: Minimum length of a paragraph for a repeat of it to be called a duplicate.
#: Shorter repeated lines (a speaker label, "Merci !") can repeat legitimately.
MIN_DUPLICATE_WORDS = 5
#: Longest line that can be an image caption repeating a name.
MAX_CAPTION_WORDS = 6
#: Hard-wrapped text (saved from a PDF, a mail, a terminal) is cut at a
#: fixed width of 60 to 100 characters; a web page's paragraphs are whole
#: lines, far longer. A text whose lines are, nine in ten, no wider than
#: this is read as hard-wrapped...
MAX_WRAP_WIDTH = 100
#: ... when it has at least this many lines (a short list is not a text)
#: and at least this share of the lines that follow another were cut there
#: because their first word would not fit on it (a column of items, of any
#: length, is not cut so).
MIN_WRAPPED_LINES = 8
MIN_CUT_SHARE = 0.5
#: Longest line of a saved page that is taken for page furniture ("Version
#: imprimable", "Réagissez à cet article", "Crédits photos : X") when the
#: extraction library leaves it out of the main text. Longer lines are kept
#: whatever the library says: it also drops real paragraphs (a lead, a
#: boxed quotation), and those hold the claims.
MAX_FURNITURE_WORDS = 16
#: The library's reading is used so only when it agrees with ours on this
#: share of the body's words at least (else it read another part of the page).
MIN_LIBRARY_AGREEMENT = 0.5
#: The end of a sentence at the end of a line.
SENTENCE_END_RE = re.compile(r"[.!?:;…][»”\")]*$")


@dataclass(frozen=True)
class Removed:
    """A line that cleaning took out of a document, and why."""

    line: int  # 0-based line number in the normalised raw text
    reason: str  # boilerplate, spam, duplicate, caption, ...
    text: str


def _is_noncharacter(c: str) -> bool:
    """Unicode's noncharacters (U+FDD0–U+FDEF, U+FFFE and U+FFFF of every
    plane), which no text holds and XML forbids."""
    n = ord(c)
    return 0xFDD0 <= n <= 0xFDEF or n & 0xFFFE == 0xFFFE


def normalize(text: str) -> str:
    """Unicode NFC, one kind of space and line break, no invisible characters,
    no control characters, lone surrogates or noncharacters (so that every
    text is valid XML), no trailing blanks. Lines are kept where they are;
    a form feed or a vertical tab breaks one."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    text = text.replace("\f", "\n").replace("\v", "\n")  # a page break (PDF text) and a vertical tab break lines
    text = text.translate({ord(c): " " for c in SPACE_CHARS})
    text = text.translate({ord(c): None for c in INVISIBLE_CHARS})
    text = "".join(c for c in text if c == "\n" or unicodedata.category(c) not in ("Cc", "Cs")
                   and not _is_noncharacter(c))
    lines = [re.sub(r" {2,}", " ", line).strip() for line in text.split("\n")]
    return "\n".join(lines)


def strip_bullet(line: str) -> str:
    return BULLET_RE.sub("", line, count=1)


def is_boilerplate(line: str) -> bool:
    """True for page furniture: forms, share widgets, post footers."""
    bare = strip_bullet(line)
    if lexicons.whole_line_regex("boilerplate", "line").match(bare):
        return True
    return is_end_of_body(bare)


def is_end_of_body(line: str) -> bool:
    """True for a line after which a page has no more article text."""
    bare = strip_bullet(line)
    return bool(lexicons.whole_line_regex("boilerplate", "end_of_body").match(bare)
                or is_comment_heading(bare)) or is_post_footer(bare)


def is_comment_heading(line: str) -> bool:
    """"Commentaires", "4 réponses à « … »", "Comments (3)": a comment section starts."""
    return bool(lexicons.whole_line_regex("boilerplate", "comment_heading").match(strip_bullet(line)))


def is_post_footer(line: str) -> bool:
    """A footer such as "Publié dans Interviews | Lien permanent | Commentaires (0)":
    several "|"-separated fields, one of which is a footer keyword."""
    if line.count("|") < 2:
        return False
    low = line.lower()
    return any(k in low for k in lexicons.load("boilerplate")["footer_keywords"])


@cache
def _spam_words() -> re.Pattern:
    words = lexicons.load("spam")["words"]
    return re.compile(r"\b(?:" + "|".join(words) + r")\b", re.IGNORECASE)


def foreign_script_ratio(line: str) -> float:
    """Share of the letters of ``line`` that are not Latin."""
    letters = [c for c in line if c.isalpha()]
    if not letters:
        return 0.0
    foreign = sum(1 for c in letters if not unicodedata.name(c, "").startswith("LATIN"))
    return foreign / len(letters)


def is_spam(line: str) -> bool:
    """Injected link spam: percent-encoded URL junk, a run of another script
    in a Latin-script page, or several words of the spam vocabulary."""
    if PERCENT_JUNK_RE.search(line):
        return True
    if foreign_script_ratio(line) > 0.3 and len(line) > 20:
        return True
    return len(set(m.lower() for m in _spam_words().findall(line))) >= 2


def is_caption_pair(line: str, next_line: str | None) -> bool:
    """An image's alternative text and caption copied one after the other:
    a short line without sentence punctuation, repeated at once."""
    if next_line is None or line != next_line:
        return False
    words = line.split()
    return 0 < len(words) <= MAX_CAPTION_WORDS and not re.search(r"[.!?:;,]$", line)


def clean_body(lines: list[tuple[int, str]]) -> tuple[list[tuple[int, str]], list[Removed], bool]:
    """Clean the body lines (line number, text) of a document.

    Returns the kept lines, the removed ones with their reason, and whether
    spam was found. Empty lines are dropped silently: paragraph breaks are
    rebuilt by the caller.
    """
    content = [(n, l) for n, l in lines if l]
    kept, removed, has_spam = [], [], False
    seen: set[str] = set()
    skip_next = False
    for i, (n, line) in enumerate(content):
        if skip_next:
            removed.append(Removed(n, "caption", line))
            skip_next = False
            continue
        nxt = content[i + 1][1] if i + 1 < len(content) else None
        if is_spam(line):
            removed.append(Removed(n, "spam", line))
            has_spam = True
        elif is_boilerplate(line):
            removed.append(Removed(n, "boilerplate", line))
        elif is_caption_pair(line, nxt):
            removed.append(Removed(n, "caption", line))
            skip_next = True
        else:
            folded = key(line)
            if len(folded.split()) >= MIN_DUPLICATE_WORDS and folded in seen:
                removed.append(Removed(n, "duplicate", line))
                continue
            seen.add(folded)
            kept.append((n, line))
    return kept, removed, has_spam


def outside_main_text(lines: list[tuple[int, str]], main_text: str) -> tuple[list[tuple[int, str]], list[Removed]]:
    """The short lines of a saved page's body (line number, text) that the
    extraction library left out of ``main_text``, its reading of the same
    page: the links, buttons and credits around a post ("envoyer par mail",
    "via GIPHY", "haut de page") that no word list names. A line is looked
    for as whole words in the library's text, without case, accents or
    punctuation. Nothing is removed when the two readings share less than
    ``MIN_LIBRARY_AGREEMENT`` of the body's words."""
    main = f" {key(main_text)} "
    found = [f" {key(line)} " in main for _, line in lines]
    words = [len(line.split()) for _, line in lines]
    total = sum(words)
    if not total or sum(w for w, f in zip(words, found) if f) < MIN_LIBRARY_AGREEMENT * total:
        return lines, []
    kept, removed = [], []
    for (n, line), w, f in zip(lines, words, found):
        if f or w > MAX_FURNITURE_WORDS or not key(line):
            kept.append((n, line))
        else:
            removed.append(Removed(n, "outside the main text", line))
    return kept, removed


def _cut_by_width(line: str, next_line: str, width: int) -> bool:
    """Whether ``next_line``'s first word would not have fitted on ``line``."""
    return len(line) + 1 + len(next_line.split(maxsplit=1)[0]) > width


def _wrap_width(lines: list[tuple[int, str]]) -> int | None:
    """The width a hard-wrapped text was cut at (the ninth decile of its
    line lengths), or None when its lines are paragraphs or items."""
    if len(lines) < MIN_WRAPPED_LINES:
        return None
    lengths = sorted(len(line) for _, line in lines)
    width = lengths[(len(lengths) - 1) * 9 // 10]
    if width > MAX_WRAP_WIDTH:
        return None
    following = [(a, b) for (m, a), (n, b) in zip(lines, lines[1:]) if n == m + 1]
    cut = sum(_cut_by_width(a, b, width) for a, b in following)
    return width if following and cut >= MIN_CUT_SHARE * len(following) else None


def _page_furniture(lines: list[tuple[int, str]], width: int) -> set[int]:
    """The positions in ``lines`` of running headers and footers that a
    page break left inside a sentence: a line next to a blank or removed
    line, between a line that stops mid-sentence and one that goes on in
    lower case, which did not end because the next word would not fit (it
    is not part of the paragraph around it) and does not end a sentence
    either. It must hold a digit or start with a capital, as page numbers,
    document references, dates, running titles and authors' names do; a
    line that goes on in lower case, with no digit, is the sentence's own
    (a PDF's proportional font cuts some lines shorter than their
    characters say)."""
    out = set()
    for i in range(1, len(lines) - 1):
        (before_n, before), (n, line), (after_n, after) = lines[i - 1], lines[i], lines[i + 1]
        page_break = n > before_n + 1 or after_n > n + 1
        if (page_break and not SENTENCE_END_RE.search(before) and after[0].islower()
                and not SENTENCE_END_RE.search(line) and not _cut_by_width(line, after, width)
                and (re.search(r"\d", line) or line[0].isupper()) and not BULLET_RE.match(line)):
            out.add(i)
    return out


def unwrap(lines: list[tuple[int, str]]) -> tuple[list[tuple[int, str]], list[Removed]]:
    """Join the lines of hard-wrapped paragraphs, so that a sentence, a
    quotation or a name cut by a line end reads as one.

    A line is joined to the one before when they follow each other in the
    source (no blank line between) and its first word would not have fitted
    on the line before: that is why that line ended, as greedy wrapping
    does. It is joined as well when it goes on in lower case after a line
    that stops mid-sentence, even across blank or removed lines: a PDF's
    proportional font cuts lines shorter than their characters say, and a
    page break puts blank lines inside a sentence. The running header or
    footer a page break puts there (``_page_furniture``) is taken out and
    returned as removed. A short line that ends a sentence, the end of a
    paragraph, is followed by a new one. A word cut with a hyphen at a line
    end keeps the hyphen and loses the space. Each joined paragraph keeps
    the number of its first line. Texts that are not hard-wrapped come back
    unchanged."""
    width = _wrap_width(lines)
    if width is None:
        return lines, []
    furniture = _page_furniture(lines, width)
    out: list[tuple[int, str]] = []
    last_n, last_line = None, ""
    for i, (n, line) in enumerate(lines):
        if i in furniture:
            continue
        full = last_n is not None and n == last_n + 1 and _cut_by_width(last_line, line, width)
        goes_on = line[0].islower() and not SENTENCE_END_RE.search(last_line)
        if out and (full or goes_on) and not BULLET_RE.match(line):
            start, text = out[-1]
            out[-1] = (start, text + ("" if re.search(r"\w-$", text) else " ") + line)
        else:
            out.append((n, line))
        last_n, last_line = n, line
    return out, [Removed(lines[i][0], "page furniture", lines[i][1]) for i in sorted(furniture)]
