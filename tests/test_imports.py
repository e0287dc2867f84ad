"""The code's shape: no module imports another that imports it back (inside
a function included), and no private name crosses a module boundary.

The imports are read from the source with ``ast``, so a cycle that only a
rarely taken branch would close is found all the same.
"""
import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: The packages, and the directories of scripts that import each other by
#: their bare names (the benchmarks).
PACKAGES = ("ingest", "datasette_corpus")
SCRIPT_DIRS = ("bench", "scripts")


def modules() -> dict[str, Path]:
    """Module name → file: ``ingest.x`` for the packages, ``bench/x`` and
    the like for the script directories."""
    found = {}
    for package in PACKAGES:
        found.update({f"{package}.{f.stem}": f for f in (ROOT / package).glob("*.py") if f.stem != "__init__"})
        found[package] = ROOT / package / "__init__.py"
    for d in SCRIPT_DIRS:
        found.update({f"{d}/{f.stem}": f for f in (ROOT / d).glob("*.py")})
    return found


def imports(name: str, path: Path, known: dict[str, Path]) -> list[tuple[str, list[str]]]:
    """(module imported, names taken from it) for each import of ``path``
    that reaches one of ``known``."""
    here = name.split("/")[0] if "/" in name else None
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            package = name.split(".")[0]
            base = (package + (f".{node.module}" if node.module else "")) if node.level else node.module or ""
            names = [a.name for a in node.names]
            for target in (base, f"{here}/{base}" if here else None):
                if target in known:
                    out.append((target, [n for n in names if f"{target}.{n}" not in known]))
            out += [(f"{base}.{n}", []) for n in names if f"{base}.{n}" in known]
        elif isinstance(node, ast.Import):
            out += [(t, []) for a in node.names for t in (a.name, f"{here}/{a.name}" if here else None)
                    if t in known]
    return out


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Every cycle a depth-first walk of ``edges`` closes."""
    found, state, stack = [], {}, []

    def visit(n):
        state[n] = "open"
        stack.append(n)
        for t in sorted(edges[n] - {n}):
            if state.get(t) == "open":
                found.append(stack[stack.index(t):] + [t])
            elif t not in state:
                visit(t)
        stack.pop()
        state[n] = "done"

    for n in sorted(edges):
        if n not in state:
            visit(n)
    return found


def test_the_walk_finds_a_cycle_and_a_private_name(tmp_path):
    (tmp_path / "a.py").write_text("def f():\n    from b import _g\n")
    (tmp_path / "b.py").write_text("import a\n")
    known = {"bench/a": tmp_path / "a.py", "bench/b": tmp_path / "b.py"}
    edges = {n: {t for t, _ in imports(n, p, known)} for n, p in known.items()}
    assert cycles(edges) == [["bench/a", "bench/b", "bench/a"]]
    assert imports("bench/a", known["bench/a"], known) == [("bench/b", ["_g"])]


def test_no_module_imports_one_that_imports_it_back():
    known = modules()
    edges = {n: {t for t, _ in imports(n, p, known)} for n, p in known.items()}
    assert cycles(edges) == []


def test_no_private_name_is_imported_from_another_module():
    known = modules()
    private = [(n, t, name) for n, p in known.items() for t, names in imports(n, p, known)
               for name in names if name.startswith("_") and not name.startswith("__")]
    assert private == []
