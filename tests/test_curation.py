import pytest
import yaml

from ingest import curation
from ingest.entities import Mention
from ingest.fold import key
from ingest.resolve import org_key


def test_registry_add_and_suppress(tmp_path):
    path = tmp_path / "registry.yml"
    path.write_text("""
people:
  - {name: Anne Roux, aliases: [A. Roux]}
documents:
  d1:
    add: [{surface: Maison Bleue, type: organization, kind: venue}]
    suppress: [Bof]
""", encoding="utf-8")
    reg = curation.load_registry(path)
    assert reg.canon.people["a roux"]["name"] == "Anne Roux"
    text = "Bof. Rendez-vous à la Maison Bleue, puis Maison Bleue encore."
    mentions = [(None, Mention(0, 3, "Bof", "PER", "model", "model")),
                (None, Mention(22, 28, "Maison", "PER", "model", "model"))]
    out = curation.apply("d1", text, mentions, reg)
    assert [(m.surface, m.method, m.type) for _, m in out] == [
        ("Maison Bleue", "curated", "ORG"), ("Maison Bleue", "curated", "ORG")]
    assert curation.apply("other", text, mentions, reg) == mentions


def test_malformed_registry_is_reported(tmp_path):
    path = tmp_path / "registry.yml"
    path.write_text("documents:\n  d1:\n    add: [{surface: X}]\n", encoding="utf-8")
    with pytest.raises(curation.RegistryError, match="d1.add"):
        curation.load_registry(path)


def test_every_alias_of_the_project_registry_leads_to_its_entry():
    registry = curation.load_registry()
    entries = yaml.safe_load(curation.REGISTRY.read_text(encoding="utf-8"))
    for section, table, keyf in (("people", registry.canon.people, key),
                                 ("organizations", registry.canon.organizations, org_key)):
        for entry in entries[section]:
            for alias in [entry["name"]] + entry.get("aliases", []):
                assert table[keyf(alias)]["name"] == entry["name"], (section, alias)
