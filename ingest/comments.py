"""Comments: reader comments, pingbacks and trackbacks in a page's tail.

Copied blog pages lay comments out in a handful of ways; each is recognised
by the line that opens (or, on some French platforms, closes) a comment:

* "http://twitter.com/x Name" — the author's link, then the name (themes
  that print the author as a link), the text on the following lines;
* "Name dit :" / "Name a dit :" / "Name said:" (WordPress, Dotclear),
  optionally followed by a date line;
* "Name, le 22 novembre 2010 à 10:12", "Name | 22/11/2010" — name and date;
* a short name line followed by a line that is only a date;
* "Écrit par : Name | date" after the text (Hautetfort, Blogspirit) and
  "Commentaire n°3 posté par Name le ..." (Over-blog);
* "Pingback: Title | Site" and "Trackback: ...".

``parse_comments`` returns them in page order; lines of the tail that belong
to no comment (author box, related posts, reply form) are returned as removed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import dates, lexicons
from .clean import Removed, is_boilerplate, is_end_of_body, strip_bullet, URL_RE

PINGBACK_RE = re.compile(lexicons.expand(r"^(?P<kind>{{link_notices}})\s*:?\s*(?P<rest>.*)$"), re.IGNORECASE)
URL_NAME_RE = re.compile(r"^(?P<url>(?:https?://|www\.)\S+)\s+(?P<name>\S.{0,60})$", re.IGNORECASE)
SAYS_RE = re.compile(lexicons.expand(r"^(?P<name>\S.{0,60}?)\s+{{saying_verbs}}\s*:?\s*(?P<rest>.*)$"), re.IGNORECASE)
NAME_DATE_RE = re.compile(r"^(?P<name>[^,|]{1,60}?)\s*(?:,|\||–|—|\s-)\s*(?P<rest>.+)$")
SIGNATURE_RE = re.compile(lexicons.expand(
    r"^(?:{{publishing_verbs}}\s+{{by}}\s*:|{{comment_numbers}}\s*\d+\s+{{publishing_verbs}}\s+{{by}})"
    r"\s*(?P<name>[^|]+?)(?:\s+{{date_words}}\s+(?P<date1>.*?))?\s*(?:\|\s*(?P<date2>.*))?$"), re.IGNORECASE)

#: The words before a signature's name: "Posté par X", "par X", "by X".
BY_PREFIX_RE = re.compile(lexicons.expand(r"^(?:{{publishing_verbs}}\s+)?{{by}}\s*:?\s+"), re.IGNORECASE)

#: An author name is short and is not a sentence.
MAX_NAME_WORDS = 5


@dataclass
class Comment:
    kind: str  # comment, pingback or trackback
    author_name: str | None
    author_url: str | None = None
    published: str | None = None
    lines: list[str] = field(default_factory=list)
    parent: int | None = None  # position (from 1) of the comment this one replies to

    @property
    def text(self) -> str:
        return "\n\n".join(self.lines)


#: A label and its value: "Crédit: M.Z.", "Source : AFP".
LABEL_VALUE_RE = re.compile(r"\w\s*:\s+\S")


def is_name(s: str, max_words: int = MAX_NAME_WORDS) -> bool:
    """A short name, not a sentence nor a link, nor a reference with a
    number standing alone ("Article du numéro 442 - 01 mai 2012" is a
    magazine's dateline; a pseudonym glues its digits: "jean75"), nor a
    label and its value ("Crédit: M.Z." over the date under a title is a
    picture's credit, not a commenter: read as one, it made the whole
    article a comment)."""
    s = s.strip()
    ends_as_sentence = re.search(r"[!?;:]$", s) or (s.endswith(".") and not re.search(r"\b[A-Z]\.$", s))
    return bool(s) and len(s.split()) <= max_words and not ends_as_sentence and not URL_RE.search(s) \
        and not any(w.isdigit() for w in s.split()) and not LABEL_VALUE_RE.search(s)


def _date_in(s: str | None) -> str | None:
    if not s:
        return None
    found = dates.find_dates(s)
    return found[0].iso if found else None


def pingback_source(rest: str) -> str:
    """The site that sent a pingback: "Title | Site - tagline" → "Site"."""
    name = rest.strip()
    for sep in (" | ", " « ", " » "):
        if sep in name:
            name = name.rsplit(sep, 1)[1]
    name = re.split(r"\s+[-–—]\s+", name)[0]
    return name.strip(" .…") or rest.strip()


def opening(line: str, next_line: str | None) -> tuple[Comment, bool] | None:
    """The comment that ``line`` opens (without its text) and whether it also
    uses ``next_line`` (a date line under the author's name), or None."""
    bare = strip_bullet(line)
    if SIGNATURE_RE.match(bare):
        return None  # closes a comment, see parse_comments
    next_date = dates.date_line(next_line) if next_line else None
    m = PINGBACK_RE.match(bare)
    if m and m.group("rest"):
        kind = "trackback" if m.group("kind").lower() == "trackback" else "pingback"
        return Comment(kind, pingback_source(m.group("rest")), lines=[m.group("rest").strip()]), False
    m = URL_NAME_RE.match(bare)
    if m and is_name(m.group("name")) and next_line and not URL_NAME_RE.match(strip_bullet(next_line)):
        return Comment("comment", m.group("name").strip(), m.group("url").rstrip(".,"),
                       published=next_date), bool(next_date)
    m = SAYS_RE.match(bare)
    if m and is_name(m.group("name")) and (not m.group("rest") or dates.find_dates(m.group("rest"))):
        own_date = _date_in(m.group("rest"))
        return Comment("comment", m.group("name").strip(), published=own_date or next_date), \
            bool(next_date and not own_date)
    m = NAME_DATE_RE.match(bare)
    if m and is_name(m.group("name")) and dates.date_line(m.group("rest")):
        return Comment("comment", m.group("name").strip(), published=dates.date_line(m.group("rest"))), False
    if next_date and is_name(bare) and not is_boilerplate(bare) and not dates.find_dates(bare):
        return Comment("comment", bare, published=next_date), True
    return None


def is_comment_start(line: str, next_line: str | None) -> bool:
    return opening(line, next_line) is not None


def parse_comments(tail: list[tuple[int, str]]) -> tuple[list[Comment], list[Removed]]:
    """Split the tail lines (line number, text) of a page into comments.

    Returns the comments in page order and the tail lines that belong to none.
    """
    content = [(n, l) for n, l in tail if l]
    comments: list[Comment] = []
    removed: list[Removed] = []
    pending: list[tuple[int, str]] = []  # lines not yet given to a comment
    current: Comment | None = None
    skip = set()
    for i, (n, line) in enumerate(content):
        if i in skip:
            continue
        nxt = content[i + 1][1] if i + 1 < len(content) else None
        opened = opening(line, nxt)
        if opened:
            started, uses_next = opened
            removed.extend(Removed(pn, "page tail", pl) for pn, pl in pending)
            pending = []
            comments.append(started)
            current = started
            if uses_next:
                skip.add(i + 1)
            continue
        sig = SIGNATURE_RE.match(strip_bullet(line))
        if sig and is_name(sig.group("name")):
            text_lines = [pl for _, pl in pending]
            pending = []
            comments.append(Comment("comment", sig.group("name").strip(),
                                    published=_date_in(sig.group("date1")) or _date_in(sig.group("date2")),
                                    lines=text_lines))
            current = None
            continue
        if is_boilerplate(line):
            removed.append(Removed(n, "boilerplate", line))
            removed.extend(Removed(pn, "page tail", pl) for pn, pl in pending)
            pending = []
            if is_end_of_body(line):
                current = None  # a reply form or section header ends the comment
            continue
        if current is not None:
            current.lines.append(strip_bullet(line))
        else:
            pending.append((n, line))
    removed.extend(Removed(pn, "page tail", pl) for pn, pl in pending)
    return comments, sorted(removed, key=lambda r: r.line)


STATED_COUNT_RE = re.compile(lexicons.expand(
    r"^(?:(?P<n1>\d{1,4})\s+{{comment_nouns}}\b.*|{{comment_nouns}}\s*\(\s*(?P<n2>\d{1,4})\s*\))$"), re.IGNORECASE)


def stated_count(line: str) -> int | None:
    """The comment count a line states ("9 commentaires", "Commentaires (0)",
    or a post footer containing it), or None."""
    bare = strip_bullet(line)
    for field_ in [bare] + [f.strip() for f in bare.split("|")]:
        m = STATED_COUNT_RE.match(field_)
        if m:
            return int(m.group("n1") or m.group("n2"))
    return None
