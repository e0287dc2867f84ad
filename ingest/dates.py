"""Dates: French (and English) date expressions of blog pages → ISO 8601.

Dates on pages of the genre are messy: numeric day-first ("22/11/2010"),
month names full or abbreviated, with or without weekday and time
("le mardi 3 mai 2011 à 9h30"), after "Publié le" or "par X le", with stray
commas, or glued by a lost layout ("mai 092012": month, then day and year).

``find_dates`` locates candidate expressions with regular expressions built
from ``data/calendar.yml`` and hands each one to python-dateutil with a French
``parserinfo``; the precision (day, month or year) is what the text gives.
``publication_date`` decides which date, if any, is the page's own.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from urllib.parse import urlsplit

from dateutil import parser as dateparser

from . import lexicons

#: Years accepted as publication years; a number outside is not a date.
MIN_YEAR = 1994
MAX_YEAR = dt.date.today().year + 1


@dataclass(frozen=True)
class DateMatch:
    start: int
    end: int
    iso: str  # YYYY-MM-DD, YYYY-MM or YYYY


class FrenchParserInfo(dateparser.parserinfo):
    """dateutil's parserinfo with the month and weekday names of calendar.yml."""

    def __init__(self):
        cal = lexicons.load("calendar")
        self.MONTHS = [tuple(names) for names in cal["months"]]
        self.WEEKDAYS = [tuple(names) for names in cal["weekdays"]]
        self.JUMP = [" ", ".", ",", ";", "-", "/", "'", *cal["filler_words"]]
        super().__init__(dayfirst=True, yearfirst=False)


@cache
def _parserinfo() -> FrenchParserInfo:
    return FrenchParserInfo()


def _alternation(groups: list[list[str]]) -> str:
    names = sorted({n for g in groups for n in g}, key=len, reverse=True)
    return "|".join(re.escape(n) for n in names)


@cache
def _patterns() -> list[re.Pattern]:
    cal = lexicons.load("calendar")
    month = rf"(?P<month>{_alternation(cal['months'])})\.?"
    weekday = rf"(?:(?:{_alternation(cal['weekdays'])})\.?,?\s+)?"
    year = r"(?P<year>(?:19|20)\d{2})(?!\d)"
    day = rf"(?P<day>[0-3]?\d)(?:{'|'.join(cal['ordinal_suffixes'])})?"
    flags = re.IGNORECASE
    return [
        # 2010-11-22
        re.compile(r"(?<!\d)(?P<year>(?:19|20)\d{2})-(?P<month>[01]\d)-(?P<day>[0-3]\d)(?!\d)"),
        # 22/11/2010, 22.11.2010, 22-11-10
        re.compile(r"(?<![\d/])(?P<day>[0-3]?\d)[/.-](?P<month>[01]?\d)[/.-](?P<year>(?:19|20)?\d{2})(?![\d/])"),
        # mardi 3 mai 2011, 1er mai 2011, 3 mai, 2011
        re.compile(rf"\b{weekday}{day}\s+{month}\s*,?\s*{year}", flags),
        # mai 09 2012, May 9, 2012, mai 092012 (day and year glued)
        re.compile(rf"\b{weekday}{month}\s*{day},?\s*{year}", flags),
        # novembre 2010
        re.compile(rf"\b{month}\s+{year}", flags),
    ]


def _to_iso(m: re.Match) -> str | None:
    parts = m.groupdict()
    year = parts["year"]
    if len(year) == 2:
        year = ("20" if int(year) < 50 else "19") + year
    if not MIN_YEAR <= int(year) <= MAX_YEAR:
        return None
    day = parts.get("day")
    text = " ".join(p for p in (day, parts["month"], year) if p)
    try:
        value = dateparser.parse(text, parserinfo=_parserinfo(), default=dt.datetime(int(year), 1, 1))
    except (ValueError, OverflowError):
        return None
    return value.strftime("%Y-%m-%d" if day else "%Y-%m")


def find_dates(text: str) -> list[DateMatch]:
    """All date expressions in ``text``, left to right, without overlaps."""
    found: list[DateMatch] = []
    for pattern in _patterns():
        for m in pattern.finditer(text):
            if any(m.start() < f.end and f.start < m.end() for f in found):
                continue
            iso = _to_iso(m)
            if iso:
                found.append(DateMatch(m.start(), m.end(), iso))
    return sorted(found, key=lambda d: d.start)


TIME_RE = re.compile(r"\b\d{1,2}\s?(?:h|:)\s?\d{0,2}(?:\s?(?:min|am|pm))?\b", re.IGNORECASE)


#: A date printed alone as eight digits, day first ("29102009" under a
#: blog post's title).
PACKED_DATE_LINE_RE = re.compile(r"^\s*([0-3]\d)([01]\d)((?:19|20)\d{2})\s*$")


def date_line(line: str) -> str | None:
    """The date of a line that is only a date, give or take a weekday, a time
    and filler words ("Publié le", "Posted on", "à"), or eight digits day
    first ("29102009"); else None."""
    packed = PACKED_DATE_LINE_RE.match(line)
    if packed:
        return _full_date(*packed.groups()[::-1])
    dates = find_dates(line)
    if len(dates) != 1:
        return None
    d = dates[0]
    rest = line[:d.start] + " " + line[d.end:]
    rest = TIME_RE.sub(" ", rest)
    words = re.findall(r"[^\W\d_]+", rest.lower())
    filler = set(lexicons.load("calendar")["filler"])
    if all(w in filler for w in words) and not re.search(r"\d", rest):
        return d.iso
    return None


BYLINE_DATE_RE = re.compile(lexicons.expand(r"\b{{publishing_verbs}}\b.{0,40}?\b{{date_words}}\b"), re.IGNORECASE)
#: A by-line's author before its date ("par X le").
BY_BEFORE_DATE_RE = re.compile(lexicons.expand(r"\b{{by}}\b.{1,60}\b{{date_words}}\s*$"), re.IGNORECASE)


#: What separates the fields of a metadata strip under a title.
FIELD_SEPARATOR_RE = re.compile(r"\s+[|•·]\s+|\s*\|\s*")


def byline_date(line: str) -> str | None:
    """The date of a by-line ("Publié le 3 mai 2011 par X", "par X le 3 mai 2011",
    "Posted on May 3, 2011 by X", "Site | Rubrique | 8 avril 2010"), or None."""
    d = date_line(line)
    if d:
        return d
    # A strip of fields between bars or bullets ("Site | Rubrique | 8 avril 2010"):
    # a field that is a date alone is the page's date.
    fields = FIELD_SEPARATOR_RE.split(line)
    if len(fields) >= 2:
        d = next((date_line(f) for f in fields if date_line(f)), None)
        if d:
            return d
    dates = find_dates(line)
    if not dates:
        return None
    before = line[:dates[0].start]
    if BYLINE_DATE_RE.search(before) or BY_BEFORE_DATE_RE.search(before):
        return dates[0].iso
    return None


#: A permalink's date: "/2012/05/09/", "/2010/07/", "/2017/8/23/" (months and
#: days without their zero), "/2021-06-12/" (a path segment in ISO form).
URL_DATE_RE = re.compile(r"/((?:19|20)\d{2})([/-])([01]?\d)(?:\2([0-3]?\d))?(?:[/-]|$)")


#: The press's other permalinks: a year and month run together before the
#: day (La Presse: /201201/30/), a year, month and day run together in the
#: slug, and a day, month and year that end the slug (Les Inrocks:
#: …-119797-08-02-2010).
PACKED_URL_DATE_RE = re.compile(r"/((?:19|20)\d{2})([01]\d)/([0-3]\d)/")
#: A slug's word that is a date written as eight digits (20 Minutes:
#: …/2471987-20190315-bande-…).
SLUG_DIGITS_DATE_RE = re.compile(r"[-_/]((?:19|20)\d{2})([01]\d)([0-3]\d)(?=[-_/.]|$)")
SLUG_END_DATE_RE = re.compile(r"[-_]([0-3]\d)-([01]\d)-((?:19|20)\d{2})(?:\.\w+)?/?(?:[?#]|$)")


def _full_date(year: str, month: str, day: str) -> str | None:
    if not MIN_YEAR <= int(year) <= MAX_YEAR or not 1 <= int(month) <= 12 or not 1 <= int(day) <= 31:
        return None
    return f"{year}-{int(month):02}-{int(day):02}"


def url_date(url: str | None) -> str | None:
    """The date a permalink carries (/2010/07/, /2012/05/09/, /2017/8/23/,
    /2021-06-12/, /201201/30/, …-20190315-…, …-08-02-2010), or None."""
    if not url:
        return None
    m = URL_DATE_RE.search(url)
    if not m:
        packed = PACKED_URL_DATE_RE.search(url) or SLUG_DIGITS_DATE_RE.search(urlsplit(url).path)
        slug_end = SLUG_END_DATE_RE.search(url)
        return _full_date(*packed.groups()) if packed else _full_date(*slug_end.groups()[::-1]) if slug_end else None
    if not MIN_YEAR <= int(m.group(1)) <= MAX_YEAR or not 1 <= int(m.group(3)) <= 12:
        return None
    if m.group(2) == "-" and not m.group(4):
        return None  # "/2019-12" alone is as often a range or an issue number as a date
    month = f"{int(m.group(3)):02}"
    if m.group(4) and 1 <= int(m.group(4)) <= 31:
        return f"{m.group(1)}-{month}-{int(m.group(4)):02}"
    return f"{m.group(1)}-{month}"


def publication_date(header_dates: list[str], footer_dates: list[str], url: str | None) -> str | None:
    """Choose the publication date: a date line or by-line above the article,
    else one in the post footer, else what the permalink carries, else None.
    Dates inside the body are about something else and are never used."""
    for candidates in (header_dates, footer_dates):
        if candidates:
            return candidates[0]
    return url_date(url)
