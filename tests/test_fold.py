"""Folding: one comparison without case or accents for the whole project."""
import ast
import sys
from pathlib import Path

from ingest.fold import fold, fold_aligned, key

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))
import corpus_views  # noqa: E402


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
        assert corpus_views.fold(text) == fold(text)
    assert corpus_views.fold(None) is None


def test_no_function_of_the_pipeline_is_longer_than_sixty_lines():
    """Functions of one job each: a longer one is a sign that it does two."""
    long = []
    for path in sorted((ROOT / "ingest").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.end_lineno - node.lineno >= 60:
                long.append(f"{path.name}:{node.name} ({node.end_lineno - node.lineno + 1} lines)")
    assert long == []
