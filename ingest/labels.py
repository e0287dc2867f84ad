"""Speaker labels read without their context: initials ("VD", "V.D.") and
the generic labels of an interview ("Q", "Journaliste", "Réponse").

Both the speaker stage (``ingest.speakers``) and name recognition
(``ingest.entities``) ask these questions of a label; they live here so
that neither of those modules imports the other.
"""
from __future__ import annotations

import re

from . import lexicons
from .fold import key

#: One to three capitals, each with its dot or not: "VD", "V.D.", "V. D.".
INITIALS = rf"(?:[{lexicons.UPPERCASE}]\.?\s?){{1,3}}"


def is_initials(label: str) -> bool:
    return bool(re.fullmatch(INITIALS, label.strip())) and len(label.replace(".", "").replace(" ", "")) <= 3


def bare_initials(label: str) -> str:
    return label.replace(".", "").replace(" ", "").upper()


def generic_role(label: str) -> str | None:
    """"interviewer" or "interviewee" for a label that names a role, not a
    person ("Question", "Réponse"; ``speakers.yml``), else None."""
    data = lexicons.load("speakers")
    k = key(label)
    if k in {key(w) for w in data["interviewer_labels"]}:
        return "interviewer"
    if k in {key(w) for w in data["interviewee_labels"]}:
        return "interviewee"
    return None
