"""The per-document stages, in order: one decoded file in, its analysis out.

``process_document`` runs the stages before the language model (markup,
cleaning, segmenting, comments, dates, speakers, metadata) and returns a
``Processed``; ``analyse_document`` adds the model's stages (entities,
claims, topics, lemmas) and returns an ``Analysed``. Both are plain data
with named fields: what becomes of them in the database is ``rows``'s
business, so no stage here knows a column name. A build parses the texts of
several documents in one pass (``parse_together``) and gives each document
its Docs (``analyse_processed``).
"""
from __future__ import annotations

import bisect
import hashlib
from collections import Counter
from dataclasses import dataclass, field

from . import (claims, clauses, clean, comments, curation, dates, entities, fold, markup, metadata, nlp, read, resolve,
               segment, speakers, topics)

#: A saved page's body is taken from the extraction library when ours has
#: fewer words than this share of the library's.
LIBRARY_FALLBACK = 0.5


class EmptyDocument(Exception):
    """Nothing of the article is left once boilerplate and spam are removed."""


@dataclass
class Document:
    """What the stages say of a page as a whole."""

    id: str
    source_file: str
    text: str
    genre: str
    language: str
    encoding: str
    sha256: str
    format: str  # text, html or warc
    title: str | None = None
    author: str | None = None
    author_evidence: str | None = None  # what names the author (metadata.AUTHOR_EVIDENCE)
    published: str | None = None  # ISO 8601 date
    has_spam: bool = False
    url: str | None = None
    site: str | None = None
    excerpt: str | None = None  # the opening sources.csv gives
    stated_comments: int | None = None  # the comment count the page states
    captured: str | None = None  # when a web archive recorded the page


@dataclass
class Processed:
    """Everything the stages before the language model found in one file."""

    document: Document
    paragraphs: list[str]
    comments: list[comments.Comment]  # in page order: comment n is at position n (from 1)
    removed: list[clean.Removed]
    warnings: list[str] = field(default_factory=list)
    interview: speakers.Interview | None = None
    captions: list[str] = field(default_factory=list)


@dataclass
class Analysed:
    """What every per-document stage found in one raw file: the input of the
    corpus-wide stages. It is what the cache keeps and what a worker sends
    back, so it holds plain data only (no spaCy objects)."""

    processed: Processed
    entities: list[resolve.Entity]
    claims: list[claims.Claim]
    lemmas: dict  # None (the document's text) or a comment position → lemmas of that text
    claim_lemmas: list[str]  # lemmas of each claim, in the order of ``claims``
    claim_topics: list[topics.Decision]  # the topic of each claim, in the order of ``claims``
    # per claim, its runs of clauses of one topic when they are about
    # different topics: ((start, end), decision) each; empty otherwise
    claim_clauses: list[list[tuple[tuple[int, int], topics.Decision]]]
    sentences: dict  # (comment position or None, start, end) of a mention → (offset, text) of its sentence
    word_forms: Counter  # (folded word, folded lemma) → occurrences, in the text and its comments


@dataclass
class Outline:
    """The little of an analysis the build keeps in memory until it writes
    the database (the full analysis waits in the cache): what duplicate
    detection, the reports and the people and organizations tables need."""

    text_key: str  # a hash of the folded text: the same text under two names is one document
    warnings: list[str]
    sightings: list[resolve.Sighting]


def outline(a: Analysed) -> Outline:
    d = a.processed.document
    return Outline(hashlib.blake2b(fold.key(d.text).encode(), digest_size=16).hexdigest(),
                   a.processed.warnings, resolve.sightings(d.id, a.entities))


def _words(lines: list[tuple[int, str]]) -> int:
    return sum(len(line.split()) for _, line in lines)


def _body(page_markup: markup.Extracted, warnings: list[str]):
    """The page's parts and its cleaned body: from our rendering of the
    page, or from the extraction library's when ours lost the body (a
    layout whose post we did not find, a line taken for the page tail)."""
    page = segment.split_page(clean.normalize(page_markup.text))
    body, removed, has_spam = clean.clean_body(page.body)
    if page_markup.library_text and _words(body) < LIBRARY_FALLBACK * len(page_markup.library_text.split()):
        page = segment.split_page(clean.normalize(page_markup.library_text))
        body, removed, has_spam = clean.clean_body(page.body)
        warnings.append("main text as trafilatura extracts it (the markup rules kept too little)")
    elif page_markup.library_text:
        body, furniture = clean.outside_main_text(body, page_markup.library_text)
        removed = removed + furniture
    return page, body, removed, has_spam


def _reading_warnings(raw: read.RawText, page: segment.Page, found: list) -> list[str]:
    out = []
    if page.stated_comments is not None and page.stated_comments != len(found):
        out.append(f"the page states {page.stated_comments} comments, {len(found)} were found")
    if raw.encoding not in ("utf-8", "utf-8-sig"):
        out.append(f"decoded as {raw.encoding}")
    if raw.declared and read.codec_name(raw.declared) != read.codec_name(raw.encoding):
        out.append(f"the page declares charset {raw.declared} but is {raw.encoding}; read as {raw.encoding}")
    return out


def process_document(raw: read.RawText, source: dict | None = None) -> Processed:
    """Run reading-to-metadata stages on one decoded file.

    A saved web page first goes through ``markup``, which renders the post as
    text and reads what its markup states (title, author, date, address,
    comments); the text stages then run as for a plain-text file, and what
    the markup states takes precedence over what they find.
    """
    source = source or {}
    warnings: list[str] = []
    page_markup = markup.extract(raw.text) if raw.is_html else markup.Extracted(text=raw.text)
    page, body, removed_body, has_spam = _body(page_markup, warnings)
    if page_markup.comments or (raw.is_html and not page_markup.comment_section):
        found = page_markup.comments
        removed_tail = [clean.Removed(n, "page tail", l) for n, l in page.tail if l]
    else:
        found, removed_tail = comments.parse_comments(page.tail)
    # A saved page's blocks are its paragraphs; only plain text can be hard-wrapped.
    unwrapped, furniture = (body, []) if raw.is_html else clean.unwrap(body)
    removed_body = removed_body + furniture
    paragraphs = [line for _, line in unwrapped]
    if not paragraphs:
        raise EmptyDocument(f"no article text left after cleaning "
                            f"({len(removed_body) + len(removed_tail) + len(page.header)} lines of page furniture)")
    text = "\n\n".join(paragraphs)
    interview = speakers.find_interview(paragraphs, page_markup.title or page.title)
    url = source.get("url") or page_markup.url
    site = source.get("site") or page_markup.site or (markup.site_of(url) if raw.is_html else None)
    commenters = [(c.author_name, c.author_url) for c in found if c.kind == "comment"]
    author = metadata.Author(page_markup.author, "markup") if page_markup.author else \
        metadata.find_author(page.bylines, interview, paragraphs, commenters, url or site, page.name_lines,
                             page.site_owners)
    document = Document(
        id=raw.doc_id, source_file=raw.name, text=text, url=url, site=site, excerpt=source.get("excerpt"),
        title=page_markup.title or metadata.title_in_address(url, _title_lines(raw.text, paragraphs, interview))
        or page.title,
        author=author.name if author else None, author_evidence=author.evidence if author else None,
        published=page_markup.published or dates.publication_date(page.header_dates, page.footer_dates, url),
        genre=metadata.guess_genre(page.title, paragraphs, interview),
        language=metadata.guess_language(text), has_spam=has_spam,
        stated_comments=page.stated_comments if page.stated_comments is not None else page_markup.stated_comments,
        encoding=raw.encoding, sha256=raw.sha256,
        format="warc" if raw.record_url else "html" if raw.is_html else "text", captured=raw.captured)
    removed = sorted(page.header + removed_body + removed_tail, key=lambda r: r.line)
    captions = [entities.caption_name(r.text) for r in removed_body if r.reason == "caption"]
    return Processed(document, paragraphs, found, removed, warnings + _reading_warnings(raw, page, found),
                     interview, captions)


def _title_lines(text: str, paragraphs: list[str], interview: speakers.Interview | None) -> list[str]:
    """The lines of a raw text that may be its title: not an interview's
    question, which an address may spell as well ("…/community-manager-de-
    la-ville-de-paris" and "En quoi consiste une journée type du Community
    Manager de la ville de Paris ?")."""
    asked = {paragraphs[t.paragraphs[0]].strip() for t in (interview.turns if interview else []) if t.is_question}
    return [line for line in text.splitlines() if line.strip() and line.strip() not in asked]


def _first_answer_introduces(paragraphs: list[str], interview: speakers.Interview | None) -> list[str]:
    """The names the interview's first answer introduces its speaker with."""
    answer = next((t for t in interview.turns if not t.is_question), None) if interview else None
    return speakers.self_introduced(" ".join(paragraphs[i] for i in answer.paragraphs)) if answer else []


def _structure(result: Processed, lists: list[speakers.SpeakerList]) -> resolve.DocumentStructure:
    """What the page's layout says about its people, for the resolver."""
    paragraphs, interview = result.paragraphs, result.interview
    return resolve.DocumentStructure(
        interview=interview,
        list_labels=[l.label for l in lists],
        commenters=[resolve.Commenter(position, c.author_name, c.author_url, c.kind)
                    for position, c in enumerate(result.comments, start=1)
                    if c.author_name and not entities.is_anonymous(c.author_name)],
        captions=result.captions,
        author=result.document.author,
        # The title's people as the rules read it: "le blog Rose Orage" is a blog.
        title_people=[m.surface for m in entities.recognize(result.document.title or "", None)
                      if m.type == entities.PER],
        addressed=[name for t in (interview.turns if interview and not interview.labeled else [])
                   if t.is_question and (name := speakers.addressed_name(paragraphs[t.paragraphs[0]]))],
        intro_end=entities.paragraph_starts(paragraphs)[interview.first_paragraph] if interview else 0,
        introduced=_first_answer_introduces(paragraphs, interview))


def find_entities(result: Processed, docs: list, registry: curation.Registry | None) -> list[resolve.Entity]:
    """Entities stage for one document: ``docs`` are the spaCy analyses of
    its text and of each of its comments, in order."""
    paragraphs, interview = result.paragraphs, result.interview
    lists = speakers.find_speaker_lists(paragraphs)
    # The interviewer's label is no person's when it is the publication's ("EAMII :").
    labels = [(t.paragraphs[0], t.label) for t in (interview.turns if interview and interview.labeled else [])
              if t.label not in interview.interviewer_labels or entities.reads_as_person(t.label)]
    labels += [(l.label_paragraph, l.label) for l in lists]
    structure = _structure(result, lists)
    known = resolve.structure_names(structure)
    text = result.document.text
    site_key = metadata.site_name_key(result.document.site or result.document.url)
    mentions = [(None, m) for m in entities.recognize(
        text, docs[0], known, entities.label_mentions(paragraphs, labels), site_key)]
    for position, (c, doc) in enumerate(zip(result.comments, docs[1:]), start=1):
        mentions += [(position, m) for m in entities.recognize(c.text, doc, known, site_key=site_key)]
    if registry:
        mentions = curation.apply(result.document.id, text, mentions, registry)
    return resolve.resolve_document(mentions, structure)


def _mention_sentences(found_entities: list[resolve.Entity], doc_of: dict) -> dict:
    """The sentence of each mention, as the claims stage cuts sentences:
    one notion of a sentence for the whole corpus."""
    texts = {k: d.text for k, d in doc_of.items()}  # Doc.text joins every token: once per text
    bounds = {k: claims.sentence_spans(texts[k], d) for k, d in doc_of.items()}
    starts = {k: [s for s, _ in b] for k, b in bounds.items()}
    sentences = {}
    for e in found_entities:
        for pos, m in e.mentions:
            sents = bounds[pos]
            k = bisect.bisect_right(starts[pos], m.start) - 1
            if k >= 0 and sents[k][0] <= m.start < sents[k][1]:
                sentences[(pos, m.start, m.end)] = (sents[k][0], texts[pos][sents[k][0]:sents[k][1]])
    return sentences


def analyse_document(raw: read.RawText, source: dict | None, registry: curation.Registry | None) -> Analysed:
    """All per-document stages on one decoded file: reading to claims."""
    return analyse_processed(process_document(raw, source), registry)


def texts_of(result: Processed) -> list[str]:
    """What the language model reads of a document: its text, then each
    comment's."""
    return [result.document.text] + [c.text for c in result.comments]


def parse_together(results: list[Processed]) -> list[list]:
    """The spaCy Docs of each document's texts (``texts_of``), the texts
    of all of them parsed in one pass: spaCy batches its work, and eight
    documents parsed together took 7 % less time than parsed one by one."""
    flat = nlp.analyse([t for r in results for t in texts_of(r)])
    out, start = [], 0
    for r in results:
        end = start + 1 + len(r.comments)
        out.append(flat[start:end])
        start = end
    return out


def _author_voice(document: Document) -> str:
    """What of the text may be its author's (``claims.AUTHOR_VOICES``): all
    of it, unless only a name printed alone by the title names the author;
    then the first person when the site's address spells that name, else
    nothing."""
    if document.author_evidence not in ("name_line", "site_owner"):
        return "all"
    return "first_person" if metadata.site_spells(document.author, document.url or document.site) else "none"


def analyse_processed(result: Processed, registry: curation.Registry | None, docs: list | None = None) -> Analysed:
    """The language model's stages (entities, claims, topics, lemmas) on
    what the earlier stages found. ``docs`` are the spaCy Docs of its texts
    when they are already parsed (``parse_together``)."""
    docs = docs if docs is not None else nlp.analyse(texts_of(result))
    doc_of = {None: docs[0], **dict(enumerate(docs[1:], start=1))}
    found_entities = find_entities(result, docs, registry)
    found_claims = claims.find_claims(
        result.document.text, result.paragraphs, result.interview, found_entities, docs[0],
        [(position, c.text, doc_of[position]) for position, c in enumerate(result.comments, start=1)
         if c.kind == "comment"], author_voice=_author_voice(result.document))
    for person, role, replaces in claims.role_changes(found_claims):
        person.roles.add(role)
        person.roles.discard(replaces)
    claim_topics, claim_clauses = _claims_with_topics(found_claims, doc_of)
    tables = {k: nlp.lemma_table(d) for k, d in doc_of.items()}
    return Analysed(
        processed=result, entities=found_entities, claims=found_claims,
        lemmas={k: nlp.lemmas(t) for k, t in tables.items()},
        claim_lemmas=[nlp.lemmas(tables[c.comment], c.start, c.end) for c in found_claims],
        claim_topics=claim_topics, claim_clauses=claim_clauses,
        sentences=_mention_sentences(found_entities, doc_of),
        word_forms=nlp.word_forms(doc_of.values()))


def _claims_with_topics(found_claims: list, doc_of: dict) -> tuple[list[topics.Decision], list[list]]:
    """The topic of each claim, read on its whole sentence, and, for a claim
    whose clauses (``clauses.clause_bounds``) are about different topics,
    its runs of clauses of one topic, each with its own decision (empty for
    the others). An interview question is read once for all its answers.

    The claim stays one sentence: made a claim each, the clauses of a
    sentence cost precision where the annotators kept the sentence whole
    (claims_precision 0.864 -> 0.89 on train, 0.62 -> 0.65 on blind) and the
    topic read on the whole sentence was right more often on blind (0.375
    -> 0.398)."""
    questions: dict[tuple, topics.Reading] = {}
    out_topics, out_clauses = [], []
    for c in found_claims:
        doc = doc_of[c.comment]
        asked = None
        if c.question:
            where = (c.comment, c.question)
            if where not in questions:
                questions[where] = topics.read(_span(doc, c.question))
            asked = questions[where]
        span = _span(doc, (c.start, c.end))
        out_topics.append(topics.decide_read(topics.read(span), asked))
        out_clauses.append(_topical_parts(c, span, asked) or [])
    return out_topics, out_clauses


def _topical_parts(claim, span, asked) -> list[tuple[tuple[int, int], topics.Decision]] | None:
    """The parts of a claim that are about different topics, each with its
    decision: adjacent clauses of one topic stay together and are decided
    as one. None when the claim has one clause or one topic."""
    bounds = clauses.clause_bounds(span) if span is not None else []
    if len(bounds) < 2:
        return None
    bounds[0] = (claim.start, bounds[0][1])
    bounds[-1] = (bounds[-1][0], claim.end)

    def decide(part):
        return topics.decide_read(topics.read(_span(span.doc, part)), asked)

    decisions = [decide(b) for b in bounds]
    if len({d.topic for d in decisions}) < 2:
        return None
    runs: list[tuple[tuple[int, int], list[topics.Decision]]] = []
    for (start, end), d in zip(bounds, decisions):
        if runs and runs[-1][1][-1].topic == d.topic:
            runs[-1] = ((runs[-1][0][0], end), runs[-1][1] + [d])
        else:
            runs.append(((start, end), [d]))
    return [(b, ds[0] if len(ds) == 1 else decide(b)) for b, ds in runs]


def _span(doc, bounds: tuple[int, int] | None):
    """The tokens of ``doc`` covering character offsets ``bounds``, or None."""
    return doc.char_span(*bounds, alignment_mode="expand") if bounds else None
