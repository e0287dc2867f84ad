"""`make release`: a dated folder with the database, the exports, a README
for data users, the licences, CITATION.cff and checksums that verify."""
import sqlite3

import pytest

from conftest import load_script

from ingest import export


release = load_script("release")


def test_a_release_holds_what_a_deposit_needs_and_its_checksums_verify(seed_db, tmp_path):
    exports = tmp_path / "exports"
    export.export_corpus(seed_db, exports, export.DEFAULT_BASE_URL)
    folder = release.release(seed_db, exports, tmp_path / "releases")
    (version, built) = sqlite3.connect(seed_db).execute("select version, built from corpus_info").fetchone()
    assert folder.name == f"cm-corpus-{version}-{built[:10]}"
    assert {p.name for p in folder.iterdir()} == {"corpus.db", "corpus-annotations.zip", "README.md",
                                                  "LICENCE-annotations.txt", "LICENCE-texts.txt", "CITATION.cff",
                                                  "SHA256SUMS"}
    assert release.verify(folder) == []
    readme = (folder / "README.md").read_text(encoding="utf-8")
    assert "## How to cite" in readme and "CC BY 4.0" in readme and "claims_topic_acc" in readme
    assert f'version: "{version}"' in (folder / "CITATION.cff").read_text(encoding="utf-8")
    copy = sqlite3.connect(folder / "corpus.db")
    assert copy.execute("select count(*) from documents").fetchone() == \
        sqlite3.connect(seed_db).execute("select count(*) from documents").fetchone()
    copy.close()
    (folder / "README.md").write_text(readme + "changed", encoding="utf-8")
    assert release.verify(folder) == ["README.md"]


def test_a_release_needs_the_exports(seed_db, tmp_path):
    with pytest.raises(SystemExit, match="make export"):
        release.release(seed_db, tmp_path / "no-exports", tmp_path / "releases")


def test_the_export_zip_says_what_it_is_under_which_licences(seed_db, tmp_path):
    import zipfile
    export.export_corpus(seed_db, tmp_path, export.DEFAULT_BASE_URL)
    with zipfile.ZipFile(tmp_path / "corpus-annotations.zip") as z:
        readme = z.read("README.txt").decode("utf-8")
    assert "CC BY 4.0" in readme and "rights stay with their authors" in readme and "How to cite" in readme
