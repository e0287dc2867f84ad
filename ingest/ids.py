"""Stable row ids, and the label a document is linked by.

Rows get INTEGER ids derived from what they are (a document id and a
position, a normalised name), not from the order they were inserted in, so
that a row keeps its URL in Datasette across rebuilds and two builds of the
same inputs give identical tables. 48 bits keep ids exact in JavaScript.
"""
import hashlib

ID_BITS = 48


def stable_id(*parts: object) -> int:
    """A positive integer determined by ``parts`` alone."""
    key = "\x1f".join(str(p) for p in parts).encode("utf-8")
    return int.from_bytes(hashlib.blake2b(key, digest_size=8).digest(), "big") >> (64 - ID_BITS)


def document_label(title: str | None, site: str | None, published: str | None) -> str | None:
    """How a document is named where it is linked: its title, else its site
    and date ("lesechos.fr, 2012-03-01"); None when it has none of them."""
    return title or ", ".join(filter(None, [site, published])) or None
