"""Access to the language data kept in ``ingest/data/``.

Lexicons, boilerplate patterns and calendar names are data, not code: they
live in YAML files next to this module so that a linguist can extend them
without reading Python. Each file is read once per process.
"""
from functools import cache
from pathlib import Path
import re
import unicodedata

import gender_guesser.detector
import yaml

DATA_DIR = Path(__file__).parent / "data"

#: The upper-case letters a French name may start with, as the body of a
#: regular-expression class ("[" + UPPERCASE + "]"): Latin-1's capitals.
UPPERCASE = "A-ZÀ-ÖØ-Þ"


@cache
def load(name: str) -> dict:
    """Return the parsed YAML file ``ingest/data/<name>.yml``."""
    with open(DATA_DIR / f"{name}.yml", encoding="utf-8") as f:
        return yaml.safe_load(f)


def first_person(*roles: str) -> list[str]:
    """The first-person singular words of ``roles`` (subject, object,
    possessive; all when none is named), as ``wording.yml`` writes them:
    elided forms with a straight apostrophe ("j'")."""
    words = load("wording")["first_person"]
    return [w for role in (roles or words) for w in words[role]]


#: A shared word list named in a pattern: "{{publishing_verbs}}".
WORDING_RE = re.compile(r"\{\{(\w+)\}\}")


def expand(pattern: str) -> str:
    """``pattern`` with each ``{{name}}`` replaced by the alternation of the
    list ``name`` of ``wording.yml``: the words several patterns share are
    written once. An unknown name is an error, not an empty alternation."""
    def alternation(m: re.Match) -> str:
        words = load("wording").get(m.group(1))
        if not words:
            raise KeyError(f"wording.yml has no list {m.group(1)!r} (in pattern {pattern!r})")
        return "(?:" + "|".join(map(str, words)) + ")"
    return WORDING_RE.sub(alternation, pattern)


def phrase_alternation(phrases: list[str]) -> str:
    """``phrases`` as one regular-expression alternation in which a space
    between two words stands for any run of spaces ("au sein de")."""
    return "|".join(p.replace(" ", r"\s+") for p in phrases)


@cache
def whole_line_regex(name: str, key: str) -> re.Pattern:
    """Compile the list ``key`` of data file ``name`` into one regex that must
    match a whole line, case-insensitively (shared word lists expanded)."""
    alternatives = "|".join(f"(?:{expand(p)})" for p in load(name)[key])
    return re.compile(rf"^\s*(?:{alternatives})\s*$", re.IGNORECASE)


@cache
def name_prefixes() -> frozenset[str]:
    """The greetings, titles and ranks that may open a name without being
    part of it ("Cher", "Madame", "Capitaine"): ``name_prefixes`` of
    ``entities.yml``, in lower case."""
    return frozenset(load("entities")["name_prefixes"])


@cache
def surname_particles() -> tuple[str, ...]:
    """The particles a surname may start with, in lower case ("de Villiers",
    "Van Damme"): ``surname_particles`` of ``entities.yml``."""
    return tuple(load("entities")["surname_particles"])


@cache
def _given_names() -> gender_guesser.detector.Detector:
    return gender_guesser.detector.Detector(case_sensitive=False)


def _gender(word: str) -> str:
    """gender-guesser's answer for ``word``, or for its spelling without
    accents when it knows only that one: its list has "Hélène" and "Chloé"
    but not "Émilie", "Éric" nor "Éloïse", which it spells "Emilie",
    "Eric", "Eloise"."""
    gender = _given_names().get_gender(word)
    if gender == "unknown":
        bare = "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))
        if bare != word:
            gender = _given_names().get_gender(bare)
    return gender


def is_given_name(word: str) -> bool:
    """Whether ``word`` is a given name: the list of about 40,000 first names
    of European countries with their gender that gender-guesser ships (Jörg
    Michael's ``nam_dict``), not a list made from our texts. A compound
    ("Pierre-Gaël", "Jean-Baptiste") is one when each of its parts is."""
    if _gender(word) != "unknown":
        return True
    parts = word.split("-")
    return len(parts) > 1 and all(p and _gender(p) != "unknown" for p in parts)


def given_name_gender(word: str) -> str | None:
    """"f" or "m" for a given name that gender-guesser says is (mostly)
    female or male, else None; a compound name ("Anne-Laure") by its first part."""
    gender = _gender(word)
    if gender == "unknown" and "-" in word:
        gender = _gender(word.split("-")[0])
    return {"female": "f", "mostly_female": "f", "male": "m", "mostly_male": "m"}.get(gender)


@cache
def speech_forms() -> frozenset[str]:
    """Every form of a verb of saying: the inflections generated from the
    ``speech_verbs`` of ``claims.yml`` (``speech_verb_forms.yml``, made by
    ``scripts/make_speech_verbs.py``), each also in the spelling of the 1990
    reform ("reconnait" beside "reconnaît"), and the ``speech_phrases``."""
    generated = {form for forms in load("speech_verb_forms").values() for form in forms}
    reformed = {form.replace("î", "i").replace("û", "u") for form in generated}
    return frozenset(generated | reformed | set(load("claims")["speech_phrases"]))


@cache
def report_forms() -> frozenset[str]:
    """``speech_forms`` without the forms of the ``incise_verbs`` of
    ``claims.yml``: the verbs that say, outside a quotation too."""
    incise = set(load("claims")["incise_verbs"])
    dropped = {form for verb, forms in load("speech_verb_forms").items() if verb in incise for form in forms}
    dropped |= {form.replace("î", "i").replace("û", "u") for form in dropped}
    return speech_forms() - dropped


@cache
def report_alternation() -> str:
    """``report_forms`` as one regular-expression alternation, longest first."""
    return "|".join(re.escape(v) for v in sorted(report_forms(), key=len, reverse=True))


@cache
def speech_alternation() -> str:
    """``speech_forms`` as one regular-expression alternation, longest first
    (so that "a expliqué" is tried before "a")."""
    return "|".join(re.escape(v) for v in sorted(speech_forms(), key=len, reverse=True))
