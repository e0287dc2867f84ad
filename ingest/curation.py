"""Curation: the hand-edited registry in ``annotations/registry.yml``.

The automatic pipeline runs first; the registry then gives canonical names,
aliases, kinds and profile addresses (merging what the pipeline kept apart),
and per-document corrections: mentions to add (every occurrence of a surface)
or to suppress. Mentions it adds have ``method`` = curated. A build with
``--no-curation`` never reads this file.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .entities import ORG, PER, Mention, key
from .resolve import Canon, org_key

#: annotations/registry.yml, shipped in the package (ingest/annotations links
#: to annotations/ in the source tree).
REGISTRY = Path(__file__).resolve().parent / "annotations" / "registry.yml"
TYPES = {"person": PER, "organization": ORG}


class RegistryError(ValueError):
    """The registry file is malformed; the message says where."""


@dataclass
class Registry:
    canon: Canon = field(default_factory=Canon)
    documents: dict[str, dict] = field(default_factory=dict)


def load_registry(path: Path = REGISTRY) -> Registry:
    """Read and check the registry; a missing file is an empty registry."""
    if not Path(path).exists():
        return Registry()
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        first = (str(exc).strip().splitlines() or [""])[0]
        raise RegistryError(f"{path}: not readable YAML ({type(exc).__name__}: {first})") from exc
    if not isinstance(data, dict):
        raise RegistryError(f"{path}: expected sections people, organizations and documents")
    reg = Registry()
    for section, table, keyf in (("people", reg.canon.people, key),
                                 ("organizations", reg.canon.organizations, org_key)):
        for i, entry in enumerate(data.get(section) or []):
            if not isinstance(entry, dict) or not entry.get("name"):
                raise RegistryError(f"{path}: {section}[{i}] needs a name")
            for alias in [entry["name"]] + list(entry.get("aliases") or []):
                table[keyf(alias)] = entry
    for doc_id, fixes in (data.get("documents") or {}).items():
        for i, add in enumerate(fixes.get("add") or []):
            if add.get("type") not in TYPES or not add.get("surface"):
                raise RegistryError(f"{path}: documents.{doc_id}.add[{i}] needs a surface and a type "
                                    f"(person or organization)")
        reg.documents[str(doc_id)] = fixes
    return reg


def apply(doc_id: str, text: str, mentions: list[tuple[int | None, Mention]],
          registry: Registry) -> list[tuple[int | None, Mention]]:
    """Suppress and add the document's curated mentions (body text only)."""
    fixes = registry.documents.get(doc_id)
    if not fixes:
        return mentions
    suppressed = {key(s) for s in fixes.get("suppress") or []}
    kept = [(pos, m) for pos, m in mentions if key(m.surface) not in suppressed]
    for add in fixes.get("add") or []:
        surface = add["surface"]
        for m in re.finditer(rf"(?<!\w){re.escape(surface)}(?!\w)", text):
            if any(pos is None and k.start < m.end() and m.start() < k.end for pos, k in kept):
                kept = [(pos, k) for pos, k in kept
                        if not (pos is None and k.start < m.end() and m.start() < k.end)]
            kept.append((None, Mention(m.start(), m.end(), surface, TYPES[add["type"]], "curated",
                                       "curated", add.get("kind"))))
    return sorted(kept, key=lambda x: (x[0] or 0, x[1].start))
