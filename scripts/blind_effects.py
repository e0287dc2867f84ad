"""What each entity filter and each claims pass does to the blind set's
figures, switched off one at a time (figures only: no text, no document).

    .venv/bin/python scripts/blind_effects.py               # every switch, about 30 s each
    .venv/bin/python scripts/blind_effects.py reported      # the switches whose name holds "reported"

The blind set (``../shared/eval/blind.py``) builds texts nobody on the
project reads and prints their summary figures. This script runs it once
as the toolkit builds, then once per switch with that switch applied: a
filter of ``scripts/filter_effects.py`` switched off (its check lets every
candidate through), or a claims pass, an entity finder, a way of finding
a claim's speaker, an affiliation or an author removed (it finds nothing),
and prints
the figures that moved. blind.py runs the project's
``.venv/bin/python -m ingest build``; here it runs, in a temporary project
directory, a ``.venv/bin/python`` that applies the switch (``unittest.mock``)
before it hands over to ``ingest``. The build runs in one process (one
worker), so the switch holds for every document.

A switch that costs nothing where nobody looked, and only removes what the
train set needs, is fitted to the train set; one whose removal raises the
blind figures is a rule to look at. Never read more into a figure than
that: 27 texts, and the same figures as blind.py prints.
"""
from __future__ import annotations

import json
import runpy
import subprocess
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from filter_effects import FILTERS  # noqa: E402
from quality import EVAL  # noqa: E402

#: The claims passes of ``claims.find_claims``, each replaced by one that finds nothing.
PASSES = [(f"claims pass {name}", [("claims", name, lambda *a, **k: [])])
          for name in ("interview_claims", "list_claims", "quotation_claims", "reported_claims",
                       "credited_list_claims", "opinion_claims")]
#: The finders of ``entities.recognize``, each replaced by one that finds nothing.
FINDERS = [(f"entity finder {name}", [("entities", name, lambda *a, **k: [])])
           for name in ("lexicon_mentions", "public_body_mentions", "head_mentions", "acronym_definitions",
                        "cue_mentions", "apposition_mentions", "domain_mentions", "site_mentions",
                        "model_mentions", "first_name_mentions", "initial_name_mentions", "known_name_mentions",
                        "coordination_mentions", "employer_mentions", "repeated_mentions", "former_names")]
#: The ways a claim's speaker is found, each replaced by one that finds nobody.
SPEAKERS = [("speaker finder _speaker_after", [("claims", "_speaker_after", lambda *a, **k: (None, False))])] + [
    (f"speaker finder {name}", [("claims", name, lambda *a, **k: None)])
    for name in ("_source_after", "_incise_speaker", "_speaker_before",
                 "_credited_speaker", "_reporter_before", "_introduced_before", "_reported_speaker",
                 "_parsed_speaker", "person_named")]
#: The other sources of affiliations and authors, each finding nothing.
SOURCES = [(f"affiliation source {name}", [("resolve", name, lambda *a, **k: [])])
           for name in ("_titled_before", "_employer_opening", "_spoken_affiliations")] \
    + [(f"author source {name}", [("metadata", name, lambda *a, **k: None)])
       for name in ("interview_author", "lead_author", "closing_author")]
SWITCHES = [(label, patches) for label, patches in FILTERS] + PASSES + FINDERS + SPEAKERS + SOURCES
#: documents_missing: a switch that breaks a stage makes documents fail, not figures move.
FIGURES = ("documents_missing", "people_f1", "orgs_f1", "authors_acc", "affiliations_recall", "claims_attributed_recall",
           "claims_precision", "claims_speaker_precision", "claims_topic_acc")


def apply_and_build(index: int, argv: list[str]) -> None:
    """In the wrapper's process: switch ``SWITCHES[index]`` on, then run
    ``python -m ingest`` with ``argv``."""
    import importlib
    with ExitStack() as stack:
        for module, name, replacement in SWITCHES[index][1]:
            stack.enter_context(mock.patch.object(importlib.import_module(f"ingest.{module}"), name, replacement))
        sys.argv = ["ingest", *argv]
        runpy.run_module("ingest", run_name="__main__", alter_sys=True)


def blind_figures(index: int | None) -> dict:
    """The blind set's summary, built as the toolkit builds (``index``
    None) or with switch ``index``."""
    with tempfile.TemporaryDirectory(prefix="blind-effects-") as tmp:
        project = Path(tmp)
        (project / ".venv" / "bin").mkdir(parents=True)
        python = project / ".venv" / "bin" / "python"
        real = ROOT / ".venv" / "bin" / "python"
        if index is None:  # a wrapper, not a link: a link out of its venv loses the venv
            python.write_text(f'#!/bin/sh\nexec "{real}" "$@"\n')
        else:  # "-m ingest build …" becomes this script's --as-build INDEX build …
            python.write_text(f'#!/bin/sh\nshift 2\nexec "{real}" "{Path(__file__).resolve()}" --as-build {index} "$@"\n')
        python.chmod(0o755)
        run = subprocess.run([sys.executable, str(EVAL / "blind.py"), "--project", str(project), "--json"],
                             cwd=ROOT, capture_output=True, text=True)
        lines = run.stdout.strip().splitlines()
        if run.returncode != 0 or not lines:
            return {"error": (run.stdout + run.stderr).strip()[-300:]}
        return json.loads(lines[-1])


def main(args: list[str]) -> int:
    if args[:1] == ["--as-build"]:
        apply_and_build(int(args[1]), args[2:])
        return 0
    if not (EVAL / "blind.py").exists():
        print(f"blind_effects: {EVAL / 'blind.py'} is not beside the checkout")
        return 1
    chosen = [i for i, (label, _) in enumerate(SWITCHES) if not args or any(a in label for a in args)]
    base = blind_figures(None)
    print("| switched off | " + " | ".join(FIGURES) + " |\n|---|" + "---|" * len(FIGURES))
    print("| nothing (as built) | " + " | ".join(str(base.get(f)) for f in FIGURES) + " |")
    for i in chosen:
        got = blind_figures(i)
        if "error" in got:
            print(f"| {SWITCHES[i][0]} | error: {got['error']} |")
            continue
        cells = [str(got.get(f)) if got.get(f) == base.get(f) else f"**{got.get(f)}**" for f in FIGURES]
        print(f"| {SWITCHES[i][0]} | " + " | ".join(cells) + " |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
