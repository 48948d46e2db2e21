"""Every sentence a user can read, by language, for the glossary and Arabic style checks.

Words people type (knowledge examples and keywords, command aliases) are left out: they are
there to be recognised, not read.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bot.answers import compose_answer
from bot.i18n import LANGUAGES, Catalog
from bot.knowledge import KnowledgeBase
from bot.profiles import GOALS, VALUE_STYLES, AudienceProfile
from bot.text import Language

_TYPED_FIELDS = {"examples", "keywords"}
ROOT = Path(__file__).resolve().parents[2]


def catalog_folders() -> list[Path]:
    """The core's vocabulary and every adapter's (`adapters/<name>/vocabulary`)."""
    return [ROOT / "bot" / "vocabulary", *sorted((ROOT / "adapters").glob("*/vocabulary"))]


@dataclass(frozen=True)
class Visible:
    where: str
    language: Language
    text: str


def _walk(where: str, value: object, language: Language | None = None) -> Iterator[Visible]:
    if isinstance(value, str):
        if language is not None:
            yield Visible(where, language, value)
    elif isinstance(value, dict):
        for key, item in value.items():
            inner = key if key in ("en", "ar") else language
            yield from _walk(f"{where}.{key}", item, inner)
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from _walk(f"{where}[{index}]", item, language)


def _profiles() -> list[AudienceProfile]:
    """Profiles that switch on every personalised sentence at least once."""
    found = [
        AudienceProfile(
            platforms=["instagram", "linkedin", "tiktok"],
            goal=goal,
            audience="young parents in Amman" if index % 2 else None,
            followers=(1, 2, 3, 11, 1200, 12036)[index % 6],
            engagement_rate=(2.5, None)[index % 2],
            blogs=(True, False, None)[index % 3],
            value_style=VALUE_STYLES[index % len(VALUE_STYLES)],
        )
        for index, goal in enumerate(GOALS)
    ]
    return [*found, AudienceProfile(), AudienceProfile(platforms=["facebook"], blogs=False)]


def visible_strings(knowledge: KnowledgeBase) -> list[Visible]:
    found: list[Visible] = []
    for entry in knowledge.entries.values():
        for language in LANGUAGES:
            fields = entry.text(language).model_dump()
            for name, value in fields.items():
                if name not in _TYPED_FIELDS:
                    found += _walk(f"entry {entry.id}.{language}.{name}", value, language)
    for folder in catalog_folders():
        catalog = Catalog.load(folder)
        where = folder.relative_to(ROOT).as_posix()
        for language in LANGUAGES:
            for key in sorted(catalog):
                found += _walk(
                    f"{where}/{language}.toml {key}", catalog.raw(key, language), language
                )
    for profile in _profiles():
        for entry in knowledge.entries.values():
            for language in LANGUAGES:
                answer = compose_answer(entry, knowledge, language, profile)
                where = f"answer {entry.id}.{language} with {profile.model_dump(exclude_none=True)}"
                found += _walk(f"{where} notes", answer.personal_notes, language)
                found += _walk(f"{where} actions", answer.actions, language)
                found += _walk(f"{where} first steps", answer.short_actions, language)
                if answer.profile_hint:
                    found.append(Visible(f"{where} hint", language, answer.profile_hint))
    # One report per sentence: an action shown in many answers is named once, where it is written.
    unique: dict[tuple[Language, str], Visible] = {}
    for item in found:
        unique.setdefault((item.language, item.text), item)
    return list(unique.values())
