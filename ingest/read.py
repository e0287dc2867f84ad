"""Reading: files in the raw directory → decoded text.

This stage decides which files are sources, decodes them (UTF-8, UTF-8 or
UTF-16 with a BOM, then windows-1252 or ISO-8859-1, as pages of the era
often are) and refuses, with a one-line reason, anything that cannot be a
text: an empty file, a binary file, a file larger than the size limit.
It only reads; it never writes to the raw directory.
"""
from __future__ import annotations

import codecs
import csv
import hashlib
import io
import os
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path


#: File endings taken as sources. ``.html``/``.htm`` are decoded the same way;
#: their markup is handled by a later stage.
TEXT_SUFFIXES = (".txt", ".text")
HTML_SUFFIXES = (".html", ".htm")
#: Web archives (ISO 28500): each HTML response record is a saved page.
WARC_SUFFIXES = (".warc", ".warc.gz")
SOURCE_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + WARC_SUFFIXES

#: Files of the raw directory that are not sources and are never reported.
NOT_SOURCES = {"sources.csv", "readme.md", "readme.txt", "readme", "license", ".gitkeep"}

#: Default size limit. A blog post with its comments is a few hundred kB at most;
#: anything far larger is a dump or a mistake and would stall the NLP stages.
DEFAULT_MAX_BYTES = 10 * 1024 * 1024

#: Share of control characters above which a decoded file is taken as binary.
MAX_CONTROL_RATIO = 0.01


#: A charset declared in the first bytes of a page: <meta charset="...">,
#: <meta http-equiv="Content-Type" content="text/html; charset=...">, or an
#: XML declaration's encoding.
DECLARED_CHARSET_RE = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)|<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)""",
    re.IGNORECASE)
#: How browsers read declared charsets (WHATWG Encoding): pages that say
#: ISO-8859-1 or ASCII are read as windows-1252.
CHARSET_ALIASES = {"iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "iso8859-1": "cp1252",
                   "us-ascii": "cp1252", "ascii": "cp1252", "iso_8859-1": "cp1252",
                   "utf-8-sig": "utf-8"}


class UnreadableFile(Exception):
    """A raw file that cannot be ingested; the message is the reason."""


@dataclass(frozen=True)
class RawText:
    """One decoded source file."""

    name: str  # path relative to the raw directory, with "/" separators
    text: str
    encoding: str
    sha256: str
    declared: str | None = None  # the charset an HTML page declares, if any
    record_url: str | None = None  # a web archive's record: the address it captured
    captured: str | None = None  # and when (ISO 8601), from WARC-Date

    @property
    def doc_id(self) -> str:
        """The document id: the file's name without its extension; for a
        record of a web archive, the archive's name and a hash of the
        record's address (stable across rebuilds, whatever the order of
        the records)."""
        if self.record_url:
            archive = self.name.split("#", 1)[0]
            digest = hashlib.blake2b(self.record_url.encode(), digest_size=5).hexdigest()
            return f"{archive_stem(archive)}-{digest}"
        return Path(self.name).stem

    @property
    def is_html(self) -> bool:
        return bool(self.record_url) or self.name.lower().endswith(HTML_SUFFIXES)


def archive_stem(name: str) -> str:
    base = Path(name).name
    for suffix in WARC_SUFFIXES:
        if base.lower().endswith(suffix):
            return base[:-len(suffix)]
    return Path(base).stem


def is_archive(path: Path) -> bool:
    return path.name.lower().endswith(WARC_SUFFIXES)


@dataclass
class ArchiveRecord:
    """Where one HTML response of a web archive is, and what it holds."""

    name: str  # "archive.warc.gz#https://…": the archive and the record's address
    offset: int  # of the record in the archive file, to read it again alone
    url: str
    sha256: str  # of the payload


@dataclass
class ArchiveContents:
    pages: list[ArchiveRecord]
    other: Counter  # records that are not HTML responses, by WARC-Type (and content type)
    duplicates: int  # HTML payloads identical to an earlier record's
    cut_short: int = 0  # HTML pages whose record ends before its stated length (kept as far as they go)


def is_inside(path: Path, directory: Path) -> bool:
    """Whether ``path``, its links followed, is inside ``directory``."""
    return path.resolve().is_relative_to(directory.resolve())


def list_sources(raw_dir: Path) -> tuple[list[Path], list[tuple[str, str]]]:
    """Return the source files under ``raw_dir`` in a stable order, and the
    (name, reason) of files that were passed over.

    Sources are regular files inside the raw directory: a link is followed
    only when it stays inside it (``raw/passwd.txt -> /etc/passwd`` is
    refused), and a broken link, a pipe or a device is no source. Hidden
    files are passed over, and said so."""
    sources, skipped, unreadable = [], [], []
    for parts, entry in sorted(_walk(os.fspath(raw_dir), (), unreadable)):
        rel = "/".join(parts)
        if entry.name.lower() in NOT_SOURCES:
            continue
        if any(part.startswith(".") for part in parts):
            skipped.append((rel, "hidden file (its name starts with a dot)"))
        elif entry.is_dir():
            skipped.append((rel, "a link to a directory; not entered, its files are not read"))
        elif not entry.is_file():
            skipped.append((rel, "not a regular file (a broken link, a pipe or a device)"))
        elif entry.is_symlink() and not is_inside(Path(entry.path), raw_dir):
            # Only a link can lead outside: the walk does not descend into
            # linked directories, so every other file is under raw_dir.
            skipped.append((rel, "a link to a file outside the raw directory; not read"))
        elif entry.name.lower().endswith(SOURCE_SUFFIXES):
            sources.append(Path(entry.path))
        else:
            suffix = Path(entry.name).suffix
            skipped.append((rel, f"not a source file (ending {suffix or 'none'}; "
                                 f"expected one of {', '.join(SOURCE_SUFFIXES)})"))
    skipped += [("/".join(parts) or ".", f"directory that cannot be read ({why}); its files are not read")
                for parts, why in unreadable]
    return sources, skipped


def _walk(directory: str, parts: tuple[str, ...], unreadable: list[tuple[tuple[str, ...], str]]):
    """(path parts under the raw directory, ``os.DirEntry``) of everything
    under ``directory`` that is not a directory; a directory that cannot be
    listed goes to ``unreadable`` with the reason. Linked directories are
    listed (to be reported), not entered. ``os.scandir`` knows each entry's type
    without a ``stat``: listing 10,000 files costs milliseconds."""
    try:
        found = os.scandir(directory)
    except OSError as exc:
        unreadable.append((parts, exc.strerror or type(exc).__name__))
        return
    with found:
        for entry in found:
            if entry.is_dir(follow_symlinks=False):
                yield from _walk(entry.path, parts + (entry.name,), unreadable)
            else:
                yield parts + (entry.name,), entry


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in its first 4 kB, lower case, or None."""
    m = DECLARED_CHARSET_RE.search(data[:4096])
    if not m:
        return None
    return (m.group(1) or m.group(2)).decode("ascii", "replace").lower()


def codec_name(charset: str | None) -> str | None:
    """The Python codec for a declared charset, or None when unknown."""
    if not charset:
        return None
    charset = CHARSET_ALIASES.get(charset, charset)
    try:
        info = codecs.lookup(charset)
    except LookupError:
        return None
    # Python also names transforms such as rot13 or base64 codecs; a page
    # cannot be in one of those.
    return info.name if getattr(info, "_is_text_encoding", True) else None


#: A character of two to four bytes in UTF-8. Text in windows-1252 almost
#: never holds one (it would take "Ã©" and the like).
UTF8_SEQUENCE_RE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
#: Charsets of two or four bytes a character: a page whose declaration could
#: be read as ASCII, without a byte-order mark nor NUL bytes, is in none of
#: them whatever it says.
WIDE_CODECS = ("utf-16", "utf-32", "utf_16", "utf_32")
#: The decoding error handler that reads the bytes UTF-8 refuses as
#: windows-1252 (the five bytes it leaves undefined as ISO-8859-1).
CP1252_BYTES = "corpus-cp1252-bytes"


def _cp1252_bytes(error: UnicodeDecodeError) -> tuple[str, int]:
    bad = error.object[error.start:error.end]
    return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in bad), error.end


codecs.register_error(CP1252_BYTES, _cp1252_bytes)


def decode(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode raw bytes; return (text, encoding name) or raise UnreadableFile.

    Valid UTF-8 is read as UTF-8 whatever a page declares (text in another
    8-bit charset is almost never valid UTF-8, and pages often declare the
    wrong one); otherwise the declared charset (never a two- or four-byte
    one: the file would have a byte-order mark or NUL bytes); then UTF-8
    with the bytes it refuses read as windows-1252 when the file holds
    UTF-8 characters ("utf-8+cp1252"), else windows-1252.
    """
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
            text = None
            codec = codec_name(declared)
            if codec and codec not in ("utf-8", "cp1252", "iso8859-1") and not codec.startswith(WIDE_CODECS):
                try:
                    text, encoding = data.decode(codec), codec
                except UnicodeDecodeError:
                    text = None
            if text is None and UTF8_SEQUENCE_RE.search(data):
                # UTF-8 with windows-1252 bytes among it (a comment pasted
                # from another page, a file saved twice): each part as it is.
                text, encoding = data.decode("utf-8", errors=CP1252_BYTES), "utf-8+cp1252"
        if text is None:
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
    declared = declared_charset(data) if name.lower().endswith(HTML_SUFFIXES) else None
    text, encoding = decode(data, declared)
    return RawText(name=name, text=text, encoding=encoding,
                   sha256=hashlib.sha256(data).hexdigest(), declared=declared)


#: What a row of sources.csv may say of its file, beside its name: the page's
#: address, its site, and whether the text is only part of the page (what
#: that part is, e.g. "page opening, cut at about 2,000 characters").
SOURCE_COLUMNS = ("url", "site", "excerpt")


def read_sources_csv(raw_dir: Path) -> tuple[dict[str, dict], list[str]]:
    """Read ``raw_dir/sources.csv`` (columns file, then any of
    ``SOURCE_COLUMNS``) if present.

    Returns a mapping from file name to its row (``SOURCE_COLUMNS``) and a
    list of warnings for malformed rows. A raw file with no row is still
    ingested.
    """
    path = raw_dir / "sources.csv"
    if not path.exists() and not path.is_symlink():
        return {}, []
    if not path.is_file() or not is_inside(path, raw_dir):
        return {}, ["sources.csv is not a file inside the raw directory; ignored"]
    try:
        # Decoded as the raw files are: spreadsheets save CSV in windows-1252 or UTF-16.
        text, _ = decode(path.read_bytes())
    except (OSError, UnreadableFile) as exc:
        return {}, [f"sources.csv cannot be read ({exc}); ignored"]
    rows, warnings = {}, []
    reader = csv.reader(io.StringIO(text, newline=""))
    columns = [h.strip() for h in next(reader, [])]
    if "file" not in columns:
        return {}, ["sources.csv: no 'file' column in the header; file ignored"]
    while True:
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:  # a field over the csv module's limit (128 kB), a NUL byte
            warnings.append(f"sources.csv line {reader.line_num}: {exc}; row ignored")
            continue
        row = dict(zip(columns, values))
        name = (row.get("file") or "").strip()
        if not name:
            if any(v.strip() for v in values):
                warnings.append(f"sources.csv line {reader.line_num}: no file name; row ignored")
            continue
        if name in rows:
            warnings.append(f"sources.csv line {reader.line_num}: a second row for {name}; the first is kept")
            continue
        rows[name] = {column: (row.get(column) or "").strip() or None for column in SOURCE_COLUMNS}
    return rows, warnings


# --- web archives ---------------------------------------------------------------

def _is_html_response(record) -> bool:
    if record.rec_type != "response" or not record.http_headers:
        return False
    ctype = (record.http_headers.get_header("Content-Type") or "").lower()
    status = record.http_headers.get_statuscode() or ""
    return status.startswith("2") and ("html" in ctype or "xhtml" in ctype)


def _record_kind(record) -> str:
    """How a skipped record is counted: its WARC-Type, with the status of a
    response that is not a success or the content type of one that is."""
    if record.rec_type != "response" or not record.http_headers:
        return record.rec_type
    status = record.http_headers.get_statuscode() or "?"
    if not status.startswith("2"):
        return f"response (status {status})"
    ctype = (record.http_headers.get_header("Content-Type") or "no content type").split(";")[0]
    return f"response ({ctype})"


#: How much of a record's payload is read at a time while it is hashed.
CHUNK = 1 << 16


def _payload_digest(record, max_bytes: int) -> str | None:
    """The SHA-256 of a record's decoded payload, read in chunks and never
    past ``max_bytes`` (None when it is larger: a compressed payload may
    decode to gigabytes)."""
    digest, size = hashlib.sha256(), 0
    stream = record.content_stream()
    while True:
        chunk = stream.read(CHUNK)
        if not chunk:
            return digest.hexdigest()
        size += len(chunk)
        if size > max_bytes:
            return None
        digest.update(chunk)


#: The longest reason a report gives for an unreadable archive.
MAX_REASON_CHARS = 120
#: What a record that cannot be used is counted as in an archive's report.
UNREADABLE_RECORD = "unreadable record"
OVERSIZED_RECORD = "HTML response over the size limit"
CUT_SHORT = "archive cut short (it ends inside a record)"


#: The blank lines that may end an archive after its last record: fewer
#: bytes than this left unread are no record cut short.
TRAILING_BYTES = 4
#: How a record starts: a gzip member (a .warc.gz holds one per record) or
#: the version line of a plain WARC record.
GZIP_MAGIC = b"\x1f\x8b\x08"
WARC_START = b"WARC/1."


def _next_start(f, after: int) -> int | None:
    """The offset of the next record's start after ``after``, found by its
    first bytes, or None: where to read again past a damaged record."""
    f.seek(after + 1)
    carry = b""
    position = after + 1
    while True:
        block = f.read(1 << 20)
        if not block:
            return None
        data = carry + block
        hits = [i for i in (data.find(GZIP_MAGIC), data.find(b"\n" + WARC_START)) if i >= 0]
        if hits:
            i = min(hits)
            return position - len(carry) + i + (0 if data[i:i + 3] == GZIP_MAGIC else 1)
        carry = data[-8:]
        position += len(block)


def list_archive(path: Path, raw_dir: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> ArchiveContents:
    """The HTML pages of a WARC file (plain or gzipped) and a count of what
    else it holds. Read with warcio, one record at a time.

    Defensive: a record that cannot be parsed is counted
    (``UNREADABLE_RECORD``) and reading goes on at the next record's start;
    a payload larger than ``max_bytes`` once decoded is counted and never
    held in memory (``OVERSIZED_RECORD``); an archive that ends inside a
    record (an interrupted crawl) keeps the pages before it (``CUT_SHORT``).
    Only a file whose first record cannot be read is unreadable as a
    whole."""
    rel = path.relative_to(raw_dir).as_posix()
    found = _ArchiveScan(rel, max_bytes)
    try:
        f = open(path, "rb")
    except OSError as exc:
        raise UnreadableFile(f"not a readable web archive ({exc})") from exc
    with f:
        size = os.fstat(f.fileno()).st_size
        if not size:
            raise UnreadableFile("empty file")
        position: int | None = 0
        first_error = None
        while position is not None:
            stopped = found.read_from(f, position)
            if stopped is None:
                break
            failed_at, error = stopped
            first_error = first_error or error or "no WARC record"
            position = _next_start(f, failed_at)
            if position is not None:
                found.other[UNREADABLE_RECORD] += 1
            elif size - failed_at > TRAILING_BYTES and not found.empty():
                found.other[CUT_SHORT] += 1
    if found.empty() or not found.pages and set(found.other) <= {UNREADABLE_RECORD, CUT_SHORT}:
        reason = first_error if isinstance(first_error, str) else f"{type(first_error).__name__}: {first_error}"
        if len(reason) > MAX_REASON_CHARS or not reason.isprintable():  # warcio quotes the bytes it could not read
            reason = "".join(c if c.isprintable() else "?" for c in reason[:MAX_REASON_CHARS]) + "…"
        raise UnreadableFile(f"not a readable web archive ({reason})")
    return ArchiveContents(found.pages, found.other, found.duplicates, found.cut_short)


class _ArchiveScan:
    """What ``list_archive`` has found so far, and one pass of warcio's
    iterator from an offset."""

    def __init__(self, rel: str, max_bytes: int):
        self.rel, self.max_bytes = rel, max_bytes
        self.pages: list[ArchiveRecord] = []
        self.other: Counter = Counter()
        self.duplicates = 0
        self.cut_short = 0
        self.seen: set[str] = set()

    def empty(self) -> bool:
        return not (self.pages or self.other or self.duplicates)

    def read_from(self, f, position: int) -> tuple[int, Exception | None] | None:
        """Read records from ``position``; None when the archive ended
        well, else (offset of the record where reading stopped, the error
        or None when the bytes there are no record)."""
        from warcio.archiveiterator import ArchiveIterator  # loaded when an archive is met (it loads fsspec)
        f.seek(position)
        archive = ArchiveIterator(f)
        records = iter(archive)
        while True:
            start = archive.offset
            try:
                record = next(records)
            except StopIteration:
                ended = archive.offset >= os.fstat(f.fileno()).st_size - TRAILING_BYTES
                return None if ended else (archive.offset, None)
            except Exception as exc:  # noqa: BLE001 - warcio raises many kinds on damaged bytes
                return start, exc
            if record.format != "warc":  # warcio reads any text as a record of the older ARC format
                return start, None
            self._take(archive, record)

    def _take(self, archive, record) -> None:
        """Count ``record``, or keep it as a page when it is an HTML response."""
        try:
            if not _is_html_response(record):
                self.other[_record_kind(record)] += 1
                return
            url = record.rec_headers.get_header("WARC-Target-URI") or ""
            digest = _payload_digest(record, self.max_bytes)
            # Bytes of the stated Content-Length never read: the file ends inside the payload.
            cut = digest is not None and getattr(record.raw_stream, "limit", 0) > 0
            offset = archive.get_record_offset()
        except Exception:  # noqa: BLE001 - one damaged record is that record's problem
            self.other[UNREADABLE_RECORD] += 1
            return
        if digest is None:
            self.other[OVERSIZED_RECORD] += 1
        elif not url:
            self.other[UNREADABLE_RECORD] += 1  # a response with no address names no page
        elif digest in self.seen:
            self.duplicates += 1
        else:
            self.seen.add(digest)
            self.cut_short += cut
            self.pages.append(ArchiveRecord(f"{self.rel}#{url}", offset, url, digest))


def read_source(path: Path, raw_dir: Path, record: ArchiveRecord | None,
                max_bytes: int = DEFAULT_MAX_BYTES) -> RawText:
    """Read one source: a file, or one record of a web archive."""
    return read_record(path, raw_dir, record, max_bytes) if record else read_raw(path, raw_dir, max_bytes)


def read_record(path: Path, raw_dir: Path, record: ArchiveRecord, max_bytes: int = DEFAULT_MAX_BYTES) -> RawText:
    """Read and decode one HTML record of a web archive, or raise UnreadableFile."""
    from warcio.archiveiterator import ArchiveIterator  # loaded when an archive is met (it loads fsspec)
    from warcio.exceptions import ArchiveLoadFailed
    try:
        with open(path, "rb") as f:
            f.seek(record.offset)
            found = next(iter(ArchiveIterator(f)), None)
            if found is None:
                raise UnreadableFile("the archive changed while the build was running")
            data = found.content_stream().read(max_bytes + 1)
            captured = found.rec_headers.get_header("WARC-Date")
            ctype = found.http_headers.get_header("Content-Type") or ""
    except (ArchiveLoadFailed, OSError, EOFError, ValueError) as exc:
        raise UnreadableFile(f"record of a web archive cannot be read ({exc})") from exc
    if len(data) > max_bytes:
        raise UnreadableFile(f"too large (over {max_bytes / 1e6:.1f} MB, see --max-bytes)")
    m = re.search(r"charset\s*=\s*([\w.:-]+)", ctype, re.IGNORECASE)
    declared = m.group(1).lower() if m else declared_charset(data)
    text, encoding = decode(data, declared)
    return RawText(name=record.name, text=text, encoding=encoding, sha256=hashlib.sha256(data).hexdigest(),
                   declared=declared, record_url=record.url,
                   captured=captured.rstrip("Z") if captured else None)
