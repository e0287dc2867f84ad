import os

import pytest

from ingest import read


def write(tmp_path, name, data: bytes):
    p = tmp_path / name
    p.write_bytes(data)
    return p


def test_utf8_bom_cp1252_and_latin1_are_decoded(tmp_path):
    cases = {
        "bom.txt": ("\ufeffRéactivité".encode("utf-8"), "utf-8-sig"),
        "cp.txt": ("L’été « chaud » — déjà".encode("cp1252"), "cp1252"),
        "latin.txt": ("Société générale".encode("latin-1") + b"\x81", "latin-1"),
        "u16.txt": ("Community manager à Lyon".encode("utf-16"), "utf-16"),
    }
    for name, (data, encoding) in cases.items():
        raw = read.read_raw(write(tmp_path, name, data), tmp_path)
        assert raw.encoding == encoding, name
    assert read.read_raw(tmp_path / "cp.txt", tmp_path).text == "L’été « chaud » — déjà"
    assert read.read_raw(tmp_path / "bom.txt", tmp_path).text == "Réactivité"


@pytest.mark.parametrize("data,reason", [
    (b"", "empty"),
    (b"  \n\n \t", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    (bytes(range(1, 32)) * 20, "binary"),
])
def test_unusable_files_are_refused_with_a_reason(tmp_path, data, reason):
    p = write(tmp_path, "bad.txt", data)
    with pytest.raises(read.UnreadableFile, match=reason):
        read.read_raw(p, tmp_path)


def test_size_limit(tmp_path):
    p = write(tmp_path, "big.txt", b"mot " * 1000)
    with pytest.raises(read.UnreadableFile, match="too large"):
        read.read_raw(p, tmp_path, max_bytes=1000)


def test_list_sources_skips_non_sources_and_reports_unknown_types(tmp_path):
    for name in ["b.txt", "a.html", "sources.csv", "notes.pdf", ".hidden.txt"]:
        write(tmp_path, name, b"x")
    sources, skipped = read.list_sources(tmp_path)
    assert [p.name for p in sources] == ["a.html", "b.txt"]
    assert dict(skipped).keys() == {".hidden.txt", "notes.pdf"}  # hidden files are passed over, and said so


def test_sources_csv(tmp_path):
    write(tmp_path, "sources.csv", b"file,url,site,excerpt\na.txt,http://x.fr/2011/03/p,x.fr,\n"
                                   b"b.txt,,,page opening\n,http://y,\n")
    rows, warnings = read.read_sources_csv(tmp_path)
    assert rows["a.txt"] == {"url": "http://x.fr/2011/03/p", "site": "x.fr", "excerpt": None}
    assert rows["b.txt"] == {"url": None, "site": None, "excerpt": "page opening"}
    assert len(warnings) == 1 and "line 4" in warnings[0]


def test_a_directory_that_cannot_be_read_is_reported_and_the_rest_listed(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text("Un billet.", encoding="utf-8")
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "b.txt").write_text("Un autre.", encoding="utf-8")
    scandir = os.scandir

    def refusing(path):  # what a directory without read permission gives (root reads them all)
        if os.path.basename(path) == "locked":
            raise PermissionError(13, "Permission denied", path)
        return scandir(path)

    monkeypatch.setattr(read.os, "scandir", refusing)
    sources, skipped = read.list_sources(tmp_path)
    assert [p.name for p in sources] == ["a.txt"]
    assert skipped == [("locked", "directory that cannot be read (Permission denied); its files are not read")]
