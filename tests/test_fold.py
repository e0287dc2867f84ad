"""Folding: one comparison without case or accents for the whole project."""
import ast
from pathlib import Path

from datasette_corpus import search
from ingest.fold import fold, fold_aligned, key

ROOT = Path(__file__).resolve().parent.parent


def test_the_three_forms_fold_alike():
    assert fold("Société Générale, L’Oréal") == "societe generale, l'oreal"
    assert key("  Société   Générale, L’Oréal !") == "societe generale l oreal"
    assert key("J.-C. DUPONT") == key("j c dupont") == "j c dupont"


def test_aligned_folding_keeps_every_offset():
    text = "ﬁn d’ÉTÉ : İstanbul, e\u0301te\u0301 — Œuvre"
    folded = fold_aligned(text)
    assert len(folded) == len(text)
    assert folded[folded.index("ete"):][:3] == "ete"
    for i, c in enumerate(text):  # each character folds alone, or stays as it is
        assert folded[i] in (c, fold(c))


def test_the_search_and_the_pipeline_fold_the_same_way():
    for text in ("ÉCOLE d’Été Œuvre", "Community Manager", "e-réputation"):
        assert search.fold(text) == fold(text)
    assert search.fold(None) is None


def test_no_function_of_the_pipeline_is_longer_than_sixty_lines():
    """Functions of one job each: a longer one is a sign that it does two."""
    long = []
    for path in sorted([*(ROOT / "ingest").glob("*.py"), *(ROOT / "datasette_corpus").glob("*.py")]):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.end_lineno - node.lineno >= 60:
                long.append(f"{path.name}:{node.name} ({node.end_lineno - node.lineno + 1} lines)")
    assert long == []


def test_no_module_of_the_datasette_plugin_is_longer_than_three_hundred_lines():
    """One module per job (search, guard, pages, reading, …): a module past
    300 lines has taken a second one."""
    lines = {p.name: len(p.read_text(encoding="utf-8").splitlines())
             for p in (ROOT / "datasette_corpus").glob("*.py")}
    assert len(lines) >= 8 and max(lines.values()) <= 300, lines
