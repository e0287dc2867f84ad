"""Markup: a saved web page (HTML) → the text of its post, its metadata and
its comments.

A browser's "save page" keeps everything around a post: site header,
navigation, sidebars, share widgets, scripts. This stage keeps what a
reader would copy by hand — the post's title, by-line, text and post
footer, one line per block element — so that the text stages that follow
(segmenting, cleaning, dates) work on an HTML page exactly as on a copied
text. What the markup states more reliably than the text (title, author,
date, canonical URL, site name, and comments with their authors, links
and nesting) is read from the markup itself.

The selectors are data (``ingest/data/html.yml``): the markup of the blog
platforms of the era, never one page.
"""
from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import htmldate
import lxml.html
import trafilatura
from bs4 import BeautifulSoup, Comment as MarkupComment, NavigableString, Tag
from bs4.element import CData, Declaration, Doctype, ProcessingInstruction
from lxml import etree

from . import comments, dates, lexicons, segment
from .clean import URL_RE, normalize
from .entities import DOMAIN_RE
from .fold import key

#: Elements after which a line ends.
BLOCK_TAGS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd",
              "blockquote", "pre", "table", "thead", "tbody", "tr", "td", "th", "section", "article",
              "header", "footer", "main", "figure", "figcaption", "address", "hr", "center", "caption"}
#: Bullet written before list items, as copied pages show them.
BULLET = "• "
#: Strings of the tree that are not text: markup comments, doctype, CDATA.
NOT_TEXT = (MarkupComment, Doctype, CData, Declaration, ProcessingInstruction)
#: A page is taken as markup when it has one of these tags; a ``.html`` file
#: without any is read as plain text.
MARKUP_RE = re.compile(r"<\s*(?:html|head|body|p|div|br|article|span|a|h[1-6])\b", re.IGNORECASE)
ISO_DATE_RE = re.compile(r"^\s*(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
ITEM_MARK = "data-ingest-comment"
#: schema.org types of a post besides those whose name ends in "Article".
ARTICLE_TYPES = {"BlogPosting", "SocialMediaPosting", "Report"}
#: No page of the web is older than this; htmldate's own floor.
MIN_DATE = "1995-01-01"


@dataclass
class Extracted:
    """What the markup of one page gives."""

    text: str  # the post as lines of text, then (when unstructured) the comment section
    title: str | None = None
    author: str | None = None
    published: str | None = None
    url: str | None = None
    site: str | None = None
    comments: list[comments.Comment] = field(default_factory=list)
    stated_comments: int | None = None  # the count the comment section's heading states
    #: Whether the markup has a comment section at all. A page without one has
    #: no comments, whatever its last lines look like (related posts' by-lines).
    comment_section: bool = False
    #: The post as the extraction library renders it (see ``library_text``).
    library_text: str | None = None


def _config() -> dict:
    return lexicons.load("html")


def is_markup(text: str) -> bool:
    return bool(MARKUP_RE.search(text[:100_000]))


# --- text of an element ---------------------------------------------------

def render_lines(element: Tag) -> list[str]:
    """The text of ``element``, one line per block element, white space
    collapsed inside lines, list items with a bullet."""
    out: list[str] = []

    def walk(node: Tag) -> None:
        for child in node.children:
            if isinstance(child, NOT_TEXT):
                continue
            if isinstance(child, NavigableString):
                out.append(re.sub(r"\s+", " ", str(child)))
            elif isinstance(child, Tag):
                name = child.name
                if name == "br":
                    out.append("\n")
                elif name == "pre":
                    out.append("\n" + child.get_text() + "\n")
                elif name in BLOCK_TAGS:
                    out.append("\n" + (BULLET if name == "li" else ""))
                    walk(child)
                    out.append("\n")
                else:
                    walk(child)

    walk(element)
    lines = normalize("".join(out)).split("\n")
    return [l for l in lines if l and l != BULLET.strip()]


def element_text(element: Tag) -> str:
    """The text of an element on one line."""
    if element.name == "meta":
        return normalize(element.get("content", "")).strip()
    if element.name == "link":
        return (element.get("href") or "").strip()  # a <link> has no text; its address stands for it
    return " ".join(render_lines(element))


# --- selection --------------------------------------------------------------

def _first(scope: Tag, groups: list[str], prefer: Tag | None = None) -> Tag | None:
    """The first element matching the selector groups in order; inside
    ``prefer`` first when given."""
    for group in groups:
        for where in ([prefer] if prefer is not None else []) + [scope]:
            for el in where.select(group):
                if element_text(el):
                    return el
    return None


def _relative(item: Tag, selector: str, items: set[int]) -> list[Tag]:
    """Elements a comment style's selector points at, relative to ``item``:
    ``self``, ``+ sel [desc]``, ``~ sel [desc]`` or a descendant selector
    (descendants inside nested comments excluded)."""
    selector = selector.strip()
    if selector == "self":
        return [item]
    if selector[0] in "+~":
        head, _, desc = selector[1:].strip().partition(" ")
        found = None
        for sib in item.find_next_siblings():
            if id(sib) in items:
                break  # the next comment starts
            if sib.css.match(head):
                found = sib
                break
            if selector[0] == "+":
                break
        if found is None:
            return []
        return found.select(desc) if desc.strip() else [found]
    return [el for el in item.select(selector) if _owner(el, items) is item]


def _owner(el: Tag, items: set[int]) -> Tag | None:
    for parent in el.parents:
        if id(parent) in items:
            return parent
    return None


# --- metadata -----------------------------------------------------------------

def date_of(element: Tag) -> str | None:
    """ISO date an element gives: machine-readable attribute first, then text."""
    for attr in ("datetime", "content", "title"):
        value = element.get(attr)
        if value:
            m = ISO_DATE_RE.match(value)
            if m and 1990 <= int(m.group(1)) <= 2100:
                return "-".join(g for g in m.groups() if g)
            found = dates.find_dates(value)
            if found:
                return found[0].iso
    found = dates.find_dates(element_text(element))
    return found[0].iso if found else None


def person_name(element: Tag) -> tuple[str | None, str | None]:
    """(name, URL) an author element gives: its link's text and address, or
    its text once a by-line or signature wording is taken off."""
    if element.name == "meta":
        text = element_text(element)
        return (text or None), None
    for a in element.find_all("a", href=True):
        label = element_text(a)
        if label and not a["href"].startswith("#") and comments.is_name(label):
            href = a["href"].strip()
            return label, href if href.lower().startswith(("http://", "https://")) else None
    # A credits block sets its names in bold: "revue de presse : <strong>X</strong>
    # montage : <strong>Y</strong>"; the first credited is the author.
    bold = [element_text(b) for b in element.find_all(["strong", "b"])]
    if bold and bold[0] != element_text(element) and comments.is_name(bold[0]):
        return bold[0], None
    text = comments.BY_PREFIX_RE.sub("", element_text(element).lstrip(" ,;:|-–—"))
    dated = comments.NAME_DATE_RE.match(text)
    if dated and dates.find_dates(dated.group("rest")):
        text = dated.group("name").strip()  # "Muriel - Le 22/01/2020 à 12:01"
    sig = comments.SIGNATURE_RE.match(text)
    if sig:
        return sig.group("name").strip(), None
    says = comments.SAYS_RE.match(text)
    if says and comments.is_name(says.group("name")):
        return says.group("name").strip(), None
    by = segment.byline_author(text)
    if by:
        return by, None
    return (text, None) if comments.is_name(text) else (None, None)


def clean_title(title: str, site: str | None) -> str:
    """A post title from ``<title>``: the site's name taken off."""
    for sep in _config()["title_separators"]:
        if sep in title:
            parts = [p.strip() for p in title.split(sep) if p.strip()]
            if site:
                parts = [p for p in parts if p.lower() != site.lower()] or parts
            return max(parts[:2], key=lambda p: len(p.split())) if len(parts) > 1 else parts[0]
    return title.strip()


def site_of(url: str | None) -> str | None:
    """The host name of a URL without "www.": how sources.csv names sites."""
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None


# --- comments -------------------------------------------------------------------

def comment_items(soup: BeautifulSoup) -> dict[int, tuple[Tag, dict]]:
    """The elements of a page that are comments, each with the platform
    style that claimed it (by ``id`` of the element)."""
    claimed: dict[int, tuple[Tag, dict]] = {}
    for style in _config()["comment_styles"]:
        for el in soup.select(style["item"]):
            if id(el) in claimed:
                continue
            outer = next((claimed[id(p)] for p in el.parents if id(p) in claimed), None)
            if outer is not None and outer[1] is not style:
                continue  # markup of another platform inside a claimed comment
            claimed[id(el)] = (el, style)
    return claimed


def find_comments(soup: BeautifulSoup) -> tuple[list[comments.Comment], list[Tag]]:
    """Comments read from platform markup, in page order, with the parent of
    replies; also the item elements."""
    claimed = comment_items(soup)
    if not claimed:
        return [], []
    order = {id(el): k for k, el in enumerate(soup.find_all(True))}
    items = sorted((el for el, _ in claimed.values()), key=lambda el: order[id(el)])
    ids = set(claimed)
    for el in items:
        el[ITEM_MARK] = "1"  # lets a comment's text leave its replies out
    position = {id(el): k for k, el in enumerate(items, start=1)}
    found = []
    for el in items:
        style = claimed[id(el)][1]
        found.append(_read_comment(el, style, ids, position))
    return found, items


def _read_comment(item: Tag, style: dict, items: set[int], position: dict[int, int]) -> comments.Comment:
    name = url = published = None
    for sel in style["author"]:
        for el in _relative(item, sel, items):
            name, url = person_name(el)
            if name:
                break
        if name:
            break
    for sel in style["date"]:
        for el in _relative(item, sel, items):
            published = date_of(el)
            if published:
                break
        if published:
            break
    text_el = next((el for sel in style["text"] for el in _relative(item, sel, items)), None)
    body = copy.copy(text_el if text_el is not None else item)
    for nested in body.select(f"[{ITEM_MARK}]"):
        nested.decompose()
    for sel in style["remove"] + _config()["drop_tags"]:
        for el in body.select(sel):
            el.decompose()
    lines = render_lines(body)
    classes = set(item.get("class") or [])
    kind = "trackback" if "trackback" in classes else "pingback" if "pingback" in classes else "comment"
    m = comments.PINGBACK_RE.match(lines[0]) if lines else None
    if m and m.group("rest"):  # "Pingback: Title | Site" written out in the text
        if kind == "comment":
            kind = "trackback" if m.group("kind").lower() == "trackback" else "pingback"
        lines[0] = m.group("rest").strip()
    if kind != "comment":
        rest = " ".join(lines)
        link = item.find("a", href=True)
        name = comments.pingback_source(rest) if rest else name
        url = link["href"] if link and link["href"].startswith("http") else url
        lines = [rest] if rest else []
    parent = _owner(item, items)
    return comments.Comment(kind, name, url, published, lines,
                            parent=position[id(parent)] if parent is not None else None)


# --- the page ----------------------------------------------------------------------

def _main(soup: BeautifulSoup) -> Tag:
    """The element holding the post."""
    cfg = _config()
    for group in cfg["main"]:
        candidates = [(len(element_text(el).split()), k, el) for k, el in enumerate(soup.select(group))]
        candidates = [c for c in candidates if c[0] >= cfg["min_main_words"]]
        if candidates:
            return max(candidates, key=lambda c: (c[0], -c[1]))[2]
    # No known container: the parent of the most paragraph text.
    weight: dict[int, tuple[int, Tag]] = {}
    for p in soup.find_all("p"):
        parent = p.parent
        if parent is not None:
            w, _ = weight.get(id(parent), (0, parent))
            weight[id(parent)] = (w + len(element_text(p).split()), parent)
    if weight:
        return max(weight.values(), key=lambda t: t[0])[1]
    return soup.body or soup


#: How far up from the post's element its lead may stand.
LEAD_ANCESTORS = 3


def _lead(soup: BeautifulSoup, main: Tag) -> Tag | None:
    """The post's lead when the layout prints it outside ``main``, before it
    and close to it (under one of its ``LEAD_ANCESTORS`` nearest ancestors)."""
    ancestors = list(main.parents)[:LEAD_ANCESTORS]
    for el in soup.select(", ".join(_config()["lead"])):
        if el is main or main in el.parents or el in main.parents or not element_text(el):
            continue
        if any(el in a.descendants for a in ancestors) and _before(el, main):
            return el
    return None


def _before(a: Tag, b: Tag) -> bool:
    """Whether ``a`` comes before ``b`` in the page (neither holds the other)."""
    for el in a.next_elements:
        if el is b:
            return True
    return False


@dataclass
class _Head:
    """What a page's head (and its microdata) states about the post."""

    titles: list[str]  # og:title, then <title>
    url: str | None
    site: str | None
    author: str | None
    published: str | None


def _head(soup: BeautifulSoup) -> _Head:
    """What the page's head states. Our readers, not trafilatura's
    ``extract_metadata``, which measured worse on the 46 saved pages of
    dev_html, the extraction benchmark and the fixtures: authors 10 of 16
    against 15 on the benchmark's annotated pages (dev_html 0.929 against
    1.0), dates (as the fallback after htmldate) 0.933 against 1.0 on
    dev_html; titles, addresses and site names the same on the annotated
    pages, but on 12 of the 46 it names a site the head does not state
    (the host, or a person: "Kristen Falc'hon"), drops an address's query
    ("spip.php?article8532") and takes a blog's name for a post's title."""
    cfg = _config()
    titles = [element_text(el) for el in soup.select('meta[property="og:title"]')[:1]]
    if soup.title:
        titles.append(normalize(soup.title.get_text(" ", strip=True)))
    url_el = _first(soup, cfg["url"])
    url = (url_el.get("href") or url_el.get("content") or "").strip() if url_el is not None else None
    site_el = _first(soup, cfg["site"])
    author_el = _first(soup, [g for g in cfg["author"] if g.startswith("meta")])
    published = next((d for d in (date_of(el) for g in cfg["published"] if g.startswith("meta")
                                   for el in soup.select(g)) if d), None)
    site = element_text(site_el) if site_el else None
    author = structured_author(soup) or (person_name(author_el)[0] if author_el is not None else None)
    if author and (key(author) in {key(s) for s in (site, site_of(url)) if s}
                   or URL_RE.search(author) or DOMAIN_RE.search(author)):
        author = None  # the publisher named as the author of all its pages ("X (www.x.com)")
    return _Head([t for t in titles if t], url or None, site, author, published)


#: A by-line printed in a block of its own is short.
MAX_BYLINE_BLOCK_WORDS = 12


TEASER_LABEL_RE = re.compile(lexicons.expand(r"^(?:{{teaser_labels}})\b\W*"), re.IGNORECASE)


#: The elements a teaser is set in.
TEASER_TAGS = {"span", "div", "p", "aside", "section", "li"}


def teasers(soup: BeautifulSoup) -> list[Tag]:
    """Teasers for other articles: an element that is a teaser label and
    the links it announces, nothing else ("<span>À LIRE AUSSI</span>
    <a>Antisémitisme : retour au Moyen Âge</a>"), even inside a paragraph
    of the post, where a site may set it. Found from the label's text, up
    to the outermost element that still starts with it."""
    found: list[Tag] = []
    for label in soup.find_all(string=lambda s: bool(TEASER_LABEL_RE.match(s.strip()))):
        best = None
        for el in label.parents:
            if el.name in ("body", "html", "[document]"):
                break
            text = element_text(el)
            m = TEASER_LABEL_RE.match(text)
            if not m:
                break
            links = el.find_all("a", href=True)
            if el.name in TEASER_TAGS and links:
                rest = key(text[m.end():])
                for a in links:
                    rest = rest.replace(key(element_text(a)), " ", 1)
                if not rest.strip():
                    best = el
        if best is not None and not any(best is f or f in best.parents for f in found):
            found.append(best)
    return found


def _short_blocks(scope: Tag):
    """(element, text) of the blocks and spans inside ``scope``, in page
    order, whose text is short enough to be a by-line or a date line."""
    for el in scope.find_all(list(BLOCK_TAGS | {"span"})):
        text = element_text(el)
        if text and len(text.split()) <= MAX_BYLINE_BLOCK_WORDS:
            yield el, text


#: A label, printed once or twice (a responsive page prints "Auteur :" for
#: small screens and "Auteur(s) :" for large ones), then the name.
AUTHOR_LABEL_RE = re.compile(lexicons.expand(r"^(?:(?:{{author_labels}})\s*:\s*)+(?P<name>.+?)\s*$"),
                             re.IGNORECASE)


def labelled_author(scope: Tag) -> str | None:
    """The author a block of the page names after a label, whatever its
    markup: "Auteur : X", "<span>Auteur:</span> <a>X</a>". The first such
    block in page order, the innermost of nested ones (a block that also
    holds "Edition : Y" is not the by-line). "Par X" alone is not enough
    here: teasers of other posts print their authors so."""
    for el, text in _short_blocks(scope):
        if not AUTHOR_LABEL_RE.match(text):
            continue
        innermost = min([text] + [t for _, t in _short_blocks(el) if AUTHOR_LABEL_RE.match(t)], key=len)
        m = AUTHOR_LABEL_RE.match(innermost)
        # After a label, a collective may sign ("Les Membres du Choeur de Radio France").
        if comments.is_name(m.group("name"), max_words=MAX_BYLINE_BLOCK_WORDS):
            return m.group("name")
    return None


DATE_LABEL_RE = re.compile(lexicons.expand(r"\b(?:{{publishing_verbs}}|{{date_labels}})\b"), re.IGNORECASE)


def labelled_date(scope: Tag) -> str | None:
    """The publication date a block of the page prints after a label,
    whatever its markup: "<p>Mise en ligne</p><p>23 mai 2019</p>",
    "Publié le 3 mai 2011". The block must be only the label and the date
    (``dates.date_line``): a date in a sentence, or alone, is not the page's."""
    for _, text in _short_blocks(scope):
        found = dates.date_line(text) if DATE_LABEL_RE.search(text) else None
        if found:
            return found
    return None


def _ld_objects(data) -> list[dict]:
    """Every object of a JSON-LD document, "@graph" and nested values included."""
    out, todo = [], [data]
    while todo:
        item = todo.pop()
        if isinstance(item, list):
            todo.extend(item)
        elif isinstance(item, dict):
            out.append(item)
            todo.extend(v for v in item.values() if isinstance(v, (list, dict)))
    return out


def structured_author(soup: BeautifulSoup) -> str | None:
    """The author a page states in its schema.org JSON-LD: the name of the
    one Person given as ``author`` of its article (``Article``,
    ``NewsArticle``, ``BlogPosting``, …). It is typed, so it is trusted over
    ``meta[name=author]``, which many sites fill with their publisher
    ("Prisma Média"). None when there is none, or several."""
    names = []
    for script in soup.find_all("script", type="application/ld+json"):
        try:
            data = json.loads(script.string or "")
        except ValueError:
            continue  # a site's broken JSON-LD is no reason to fail the page
        for obj in _ld_objects(data):
            kind = obj.get("@type")
            kinds = kind if isinstance(kind, list) else [kind]
            if not any(isinstance(k, str) and (k.endswith("Article") or k in ARTICLE_TYPES) for k in kinds):
                continue
            authors = obj.get("author")
            for a in authors if isinstance(authors, list) else [authors]:
                if isinstance(a, dict) and a.get("@type") == "Person" and isinstance(a.get("name"), str):
                    names.append(normalize(a["name"]).strip())
    names = list(dict.fromkeys(n for n in names if n))
    return names[0] if len(names) == 1 else None


def _take_comments(soup: BeautifulSoup) -> tuple[list[comments.Comment], list[str], int | None, bool]:
    """Read the comments and take them out of the page: (comments read from
    platform markup, lines of a comment section in unknown markup, the count
    its heading states, whether there is a comment section at all)."""
    found, items = find_comments(soup)
    found = [c for c in found if c.lines or c.author_name]
    section_lines: list[str] = []
    stated = None
    has_section = bool(found)
    for sel in _config()["comment_sections"]:
        for el in soup.select(sel):
            has_section = True
            if stated is None:
                stated = next((n for n in (comments.stated_count(element_text(h))
                                           for h in el.find_all(["h1", "h2", "h3", "h4", "h5", "h6"]))
                               if n is not None), None)
            if not found:
                section_lines += render_lines(el)
            el.decompose()
    for el in items:
        if not el.decomposed:
            el.decompose()
    return found, section_lines, stated, has_section


def page_date(tree) -> str | None:
    """The publication date htmldate finds in the page's tree, which the
    caller hands without its comments (a comment's date is not the
    post's). htmldate weighs the page's own statements (meta, JSON-LD,
    <time>, date headers, the URL) as it does on the thousands of pages it
    is evaluated on; ``original_date`` asks for the first publication, not
    the last update, and without the extensive search a page that states no
    date has none (a copyright year or a date in the text is not a
    publication date)."""
    found = htmldate.find_date(tree, original_date=True, extensive_search=False,
                               outputformat="%Y-%m-%d", min_date=MIN_DATE)
    return found or None


# --- one parse per page ---------------------------------------------------

#: lxml's reading of a page trafilatura cannot load (a fragment of markup):
#: the settings of trafilatura's own parser.
_FALLBACK_PARSER = lxml.html.HTMLParser(collect_ids=False, default_doctype=False, remove_comments=True,
                                        remove_pis=True)


def parse(html: str) -> tuple[lxml.html.HtmlElement, bool]:
    """The page's only parse: the tree trafilatura builds of it
    (``trafilatura.load_html``, with its repairs of faulty markup), so that
    trafilatura and htmldate are handed the tree they would build
    themselves; and whether trafilatura could load it (a fragment of markup
    it will not read is parsed by lxml with the same settings, for our
    readers and htmldate)."""
    tree = trafilatura.load_html(html)
    if tree is not None:
        return tree, True
    return lxml.html.document_fromstring(html, parser=_FALLBACK_PARSER), False


def soup_of(tree) -> tuple[BeautifulSoup, dict[int, lxml.html.HtmlElement]]:
    """A BeautifulSoup of ``tree`` for the readers, built by handing the
    tree's elements and text to BeautifulSoup's lxml tree builder in
    document order, as lxml's parser hands them when BeautifulSoup parses
    a page (the markup is not parsed again); and the tree's element behind
    each tag (by the tag's ``id``), for what the libraries must not see."""
    soup = BeautifulSoup("", "lxml")
    builder = soup.builder
    soup.reset()
    builder.soup = soup
    element_of: dict[int, lxml.html.HtmlElement] = {}
    for event, el in etree.iterwalk(tree, events=("start", "end")):
        if isinstance(el.tag, str):
            if event == "start":
                builder.start(el.tag, dict(el.attrib))
                element_of[id(soup.currentTag)] = el
                if el.text:
                    builder.data(el.text)
                continue
            builder.end(el.tag)
        elif event == "start":
            continue  # a markup comment or instruction: the parser dropped it, its tail stays
        if el.tail and el is not tree:
            builder.data(el.tail)
    soup.endData()
    while soup.currentTag.name != soup.ROOT_TAG_NAME:
        soup.popTag()
    return soup, element_of


def without(tree, elements: list) -> lxml.html.HtmlElement:
    """A copy of ``tree`` without ``elements`` (elements of ``tree``), the
    text that follows each kept in place, as BeautifulSoup's ``decompose``
    keeps it."""
    paths = [tree.getroottree().getpath(el) for el in elements]
    clone = copy.deepcopy(tree)
    found = [hit for path in paths for hit in clone.getroottree().xpath(path)[:1]]
    for el in found:
        if el.getparent() is not None:
            el.drop_tree()
    return clone


def _heading_texts(element: Tag) -> list[str]:
    return [t for t in (element_text(el) for el in element.select(", ".join(_config()["headings"]))) if t]


def choose_title(stated: list[str], headings: list[list[str]], selected: str | None,
                 site: str | None) -> str | None:
    """The post's title: what the head states (og:title, <title>) as printed
    in one of the page's headings (``headings``: those of the post first,
    then those of the whole page), whole or a part around a separator
    ("Post title - Blog name"), in the heading's own characters ("d’actions"
    where the head has "d'actions"); failing that, the heading the title
    selectors found; failing that, the stated title without the site's name."""
    for group in headings:
        folded = [key(h) for h in group]
        for title in stated:
            for candidate in title_parts(title):
                c = key(candidate)
                if c and c in folded:
                    return group[folded.index(c)]
                # A heading may carry a label after the title ("… Abonnés").
                if c and any(h.startswith(c) and len(c) >= 0.6 * len(h) for h in folded):
                    return candidate
    if selected:
        return selected
    return clean_title(stated[0], site) if stated else None


def title_parts(title: str) -> list[str]:
    """A stated title, then its parts around each separator of site names
    ("A – B | Site": "A – B", "Site", "A", "B | Site"), then its smallest parts."""
    parts = [title]
    seps = [sep for sep in _config()["title_separators"] if sep in title]
    for sep in seps:
        parts += [p.strip() for p in title.split(sep) if p.strip()]
    smallest = [title]
    for sep in seps:
        smallest = [p.strip() for part in smallest for p in part.split(sep) if p.strip()]
    return list(dict.fromkeys(parts + smallest))


def extract(html: str) -> Extracted:
    """Read one saved page. A ``.html`` file with no markup is returned as text."""
    if not is_markup(html):
        return Extracted(text=html)
    cfg = _config()
    tree, readable = parse(html)
    soup, element_of = soup_of(tree)
    head = _head(soup)  # read before the head is dropped
    # What htmldate and trafilatura are handed: the page without its
    # comments, and, when teasers are dropped, without them as the page has them.
    hidden = [el for el, _ in comment_items(soup).values()] \
        + [el for sel in cfg["comment_sections"] for el in soup.select(sel)]
    undated = without(tree, [element_of[id(el)] for el in hidden])
    page_teasers = [element_of[id(el)] for el in teasers(soup)]
    late = set(cfg["drop_after_comments"])
    for el in soup.find_all([t for t in cfg["drop_tags"] if t not in late]):
        el.decompose()
    for sel in cfg["drop_selectors"]:
        for el in soup.select(sel):
            el.decompose()
    for el in soup.find_all(string=lambda s: isinstance(s, MarkupComment)):
        el.extract()
    found_teasers = teasers(soup)
    for el in found_teasers:
        el.decompose()
    # Comments leave the page before its date and its post are looked for.
    found, section_lines, stated, has_section = _take_comments(soup)
    published = page_date(undated) or head.published
    for el in soup.find_all(list(late)):
        el.decompose()

    main = _main(soup)
    title_el = _first(soup, cfg["title"], prefer=main)
    title = choose_title(head.titles, [_heading_texts(main), _heading_texts(soup)],
                         element_text(title_el) if title_el else None, head.site)
    author = head.author
    if not author:
        author_el = _first(soup, [g for g in cfg["author"] if not g.startswith("meta")], prefer=main)
        author = person_name(author_el)[0] if author_el is not None else None
    author = author or labelled_author(main) or labelled_author(soup)
    if not published:
        for group in cfg["published"]:
            els = main.select(group) + soup.select(group)
            published = next((d for d in (date_of(el) for el in els) if d), None)
            if published:
                break
    published = published or labelled_date(main) or labelled_date(soup)

    lead = _lead(soup, main)
    lines = (render_lines(lead) if lead is not None else []) + render_lines(main)
    if lines and title and title not in lines[:segment.HEADER_SCAN]:
        lines.insert(0, title)
    return Extracted(text="\n".join(lines + section_lines), title=title, author=author,
                     published=published, url=head.url, site=head.site,
                     comments=found, stated_comments=stated, comment_section=has_section,
                     library_text=library_text(without(tree, page_teasers) if found_teasers else tree, lines)
                     if readable else None)


def library_text(tree, lines: list[str]) -> str | None:
    """The post as trafilatura extracts it from the page's tree (without
    comments; without teasers, which it keeps inside a paragraph), after the
    header lines of ours that precede its first paragraph (title, date,
    by-line: the text stages read them). The build falls back to it when
    our rendering loses the body of a page; trafilatura is evaluated on
    thousands of real pages and scores higher on main text, ours keeps the
    header and post footer that the metadata rules read."""
    found = trafilatura.extract(tree, include_comments=False, include_tables=True)
    if not found:
        return None
    body = [l for l in normalize(found).split("\n") if l]
    first = key(body[0])
    start = next((k for k, l in enumerate(lines[:segment.HEADER_SCAN]) if key(l) == first),
                 min(len(lines), segment.HEADER_SCAN))
    header = [l for l in lines[:start] if len(l.split()) <= segment.MAX_TITLE_WORDS]
    return "\n".join(header + body)
