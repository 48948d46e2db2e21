"""The glossary (`knowledge/glossary.toml`): one preferred term per thing, and the variants a
sentence must not use. `variants_in` names the variants found in a text."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from bot.knowledge import DEFAULT_KNOWLEDGE_DIR
from bot.text import Language

_DIACRITICS = re.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u0640]")


@dataclass(frozen=True)
class Term:
    preferred: dict[Language, str]
    avoid: dict[Language, tuple[str, ...]]


@dataclass(frozen=True)
class Finding:
    variant: str
    preferred: str


def load_glossary(path: Path | None = None) -> list[Term]:
    with (path or DEFAULT_KNOWLEDGE_DIR / "glossary.toml").open("rb") as handle:
        data = tomllib.load(handle)
    return [
        Term(
            preferred={"en": item["en"], "ar": item["ar"]},
            avoid={
                "en": tuple(item.get("en_avoid", ())),
                "ar": tuple(item.get("ar_avoid", ())),
            },
        )
        for item in data["term"]
    ]


def variants_in(text: str, language: Language, glossary: list[Term]) -> list[Finding]:
    """Arabic variants match inside words and ignore diacritics (زبائن in زبائنك); English
    ones match whole words, case-sensitively (Linkedin but not LinkedIn)."""
    found: list[Finding] = []
    plain = _DIACRITICS.sub("", text) if language == "ar" else text
    for term in glossary:
        for variant in term.avoid[language]:
            if language == "ar":
                hit = variant in plain
            else:
                hit = re.search(rf"(?<![\w-]){re.escape(variant)}(?![\w-])", plain) is not None
            if hit:
                found.append(Finding(variant, term.preferred[language]))
    return found
