"""Reading: files in the raw directory → decoded text.

This stage decides which files are sources, decodes them (UTF-8, UTF-8 or
UTF-16 with a BOM, then windows-1252 or ISO-8859-1, as pages of the era
often are) and refuses, with a one-line reason, anything that cannot be a
text: an empty file, a binary file, a file larger than the size limit.
It only reads; it never writes to the raw directory.
"""
from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass
from pathlib import Path

#: File endings taken as sources. ``.html``/``.htm`` are decoded the same way;
#: their markup is handled by a later stage.
TEXT_SUFFIXES = (".txt", ".text")
HTML_SUFFIXES = (".html", ".htm")
SOURCE_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES

#: Files of the raw directory that are not sources and are never reported.
NOT_SOURCES = {"sources.csv", "readme.md", "readme.txt", "readme", "license", ".gitkeep"}

#: Default size limit. A blog post with its comments is a few hundred kB at most;
#: anything far larger is a dump or a mistake and would stall the NLP stages.
DEFAULT_MAX_BYTES = 10 * 1024 * 1024

#: Share of control characters above which a decoded file is taken as binary.
MAX_CONTROL_RATIO = 0.01


class UnreadableFile(Exception):
    """A raw file that cannot be ingested; the message is the reason."""


@dataclass(frozen=True)
class RawText:
    """One decoded source file."""

    name: str  # path relative to the raw directory, with "/" separators
    text: str
    encoding: str
    sha256: str
    size: int

    @property
    def doc_id(self) -> str:
        """The document id: the file's name without its extension."""
        return Path(self.name).stem

    @property
    def is_html(self) -> bool:
        return self.name.lower().endswith(HTML_SUFFIXES)


def list_sources(raw_dir: Path) -> tuple[list[Path], list[tuple[str, str]]]:
    """Return the source files under ``raw_dir`` in a stable order, and the
    (name, reason) of files that were passed over."""
    sources, skipped = [], []
    for path in sorted(p for p in raw_dir.rglob("*") if p.is_file()):
        rel = path.relative_to(raw_dir).as_posix()
        if any(part.startswith(".") for part in Path(rel).parts):
            continue
        if path.name.lower() in NOT_SOURCES:
            continue
        if path.suffix.lower() in SOURCE_SUFFIXES:
            sources.append(path)
        else:
            skipped.append((rel, f"not a source file (ending {path.suffix or 'none'}; "
                                 f"expected one of {', '.join(SOURCE_SUFFIXES)})"))
    return sources, skipped


def decode(data: bytes) -> tuple[str, str]:
    """Decode raw bytes; return (text, encoding name) or raise UnreadableFile."""
    if not data.strip():
        raise UnreadableFile("empty file")
    if data.startswith(b"\xef\xbb\xbf"):
        text, encoding = data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text, encoding = data.decode("utf-16", errors="replace"), "utf-16"
    elif b"\x00" in data[:65536]:
        raise UnreadableFile("binary file (contains NUL bytes)")
    else:
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            # windows-1252 is the usual "latin-1" of the web; it leaves five byte
            # values undefined, and a file that uses them is plain ISO-8859-1.
            try:
                text, encoding = data.decode("cp1252"), "cp1252"
            except UnicodeDecodeError:
                text, encoding = data.decode("latin-1"), "latin-1"
    if not text.strip():
        raise UnreadableFile("empty file (only white space)")
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\t\n\r\f\v")
    if controls / len(text) > MAX_CONTROL_RATIO:
        raise UnreadableFile(f"binary file ({controls} control characters)")
    return text, encoding


def read_raw(path: Path, raw_dir: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> RawText:
    """Read and decode one source file, or raise UnreadableFile with the reason."""
    name = path.relative_to(raw_dir).as_posix()
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise UnreadableFile(f"too large ({size / 1e6:.1f} MB; the limit is "
                                 f"{max_bytes / 1e6:.1f} MB, see --max-bytes)")
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableFile(f"cannot be read ({exc.strerror or exc})") from exc
    text, encoding = decode(data)
    return RawText(name=name, text=text, encoding=encoding,
                   sha256=hashlib.sha256(data).hexdigest(), size=size)


def read_sources_csv(raw_dir: Path) -> tuple[dict[str, dict], list[str]]:
    """Read ``raw_dir/sources.csv`` (columns file,url,site) if present.

    Returns a mapping from file name to {"url", "site"} and a list of
    warnings for malformed rows. A raw file with no row is still ingested.
    """
    path = raw_dir / "sources.csv"
    if not path.exists():
        return {}, []
    rows, warnings = {}, []
    with open(path, encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        if not reader.fieldnames or "file" not in reader.fieldnames:
            return {}, ["sources.csv: no 'file' column in the header; file ignored"]
        for lineno, row in enumerate(reader, start=2):
            name = (row.get("file") or "").strip()
            if not name:
                warnings.append(f"sources.csv line {lineno}: no file name; row ignored")
                continue
            rows[name] = {"url": (row.get("url") or "").strip() or None,
                          "site": (row.get("site") or "").strip() or None}
    return rows, warnings
