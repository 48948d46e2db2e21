"""Every sentence the advisor says outside the knowledge base, in English and Arabic: the
vocabulary (`bot/vocabulary/*.toml`) and the small grammar around it (counts, lists)."""

from __future__ import annotations

import re
import string
import tomllib
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Final

from bot.bidi import isolate_latin
from bot.plurals import CASES, NOUNS, Case
from bot.plurals import count_of as count_of  # re-exported: callers count through bot.i18n
from bot.text import Language

LANGUAGES: Final[tuple[Language, ...]] = ("en", "ar")

# A catalog value: one sentence, or a list of them (weekday names, a pool of ideas).
Text = str | tuple[str, ...]


class Catalog:
    """One vocabulary: a TOML file per language in one folder (`en.toml`, `ar.toml`), with the
    same keys in each. Nested tables are read as dotted keys: `[reminders]` `list.title = …` is
    `reminders.list.title`. The core's lives in `bot/vocabulary/`; an adapter ships its own
    strings (button labels, slash-command wording) in `adapters/<name>/vocabulary/`, read the
    same way, so a new platform adds words without editing the core."""

    def __init__(self, texts: Mapping[Language, Mapping[str, Text]]) -> None:
        self._texts = texts

    @classmethod
    def load(cls, folder: Path) -> Catalog:
        texts = {
            language: _flatten(tomllib.loads((folder / f"{language}.toml").read_text("utf-8")))
            for language in LANGUAGES
        }
        return cls(texts)

    def keys(self, language: Language = "en") -> frozenset[str]:
        return frozenset(self._texts[language])

    def __iter__(self) -> Iterator[str]:
        return iter(self._texts["en"])

    def __contains__(self, key: object) -> bool:
        return key in self._texts["en"]

    def raw(self, key: str, language: Language) -> Text:
        """As written in the file: placeholders unfilled, Latin not isolated."""
        return self._texts[language][key]

    def format(self, key: str, language: Language, **values: object) -> str:
        """One sentence with its {placeholders} filled."""
        text = self._texts[language][key]
        if not isinstance(text, str):
            raise TypeError(f"{key} is a list; read it with phrases()")
        return _CountingFormatter(language).format(text, **values) if values else text

    def say(self, key: str, language: Language, **values: object) -> str:
        """One sentence, filled, with Latin fragments isolated in Arabic (bot.bidi)."""
        text = self.format(key, language, **values)
        return isolate_latin(text) if language == "ar" else text

    def phrases(self, key: str, language: Language) -> tuple[str, ...]:
        """A list entry (weekday names, ideas) as written."""
        found = self._texts[language][key]
        return (found,) if isinstance(found, str) else found


def _flatten(table: Mapping[str, object], prefix: str = "") -> dict[str, Text]:
    flat: dict[str, Text] = {}
    for name, value in table.items():
        key = f"{prefix}{name}"
        if isinstance(value, Mapping):
            flat |= _flatten(value, f"{key}.")
        elif isinstance(value, str):
            flat[key] = value
        elif isinstance(value, list) and all(isinstance(item, str) for item in value):
            flat[key] = tuple(value)
        else:
            raise TypeError(f"{key}: a catalog holds sentences or lists of sentences")
    return flat


class _CountingFormatter(string.Formatter):
    """`{limit:reminder}` is a count of reminders, written by `count_of` in the message's
    language (`{limit:character:gen}` after an Arabic preposition), so no template says
    "10 تذكيرًا" or "1 reminders"."""

    def __init__(self, language: Language) -> None:
        self.language = language

    def format_field(self, value: object, format_spec: str) -> str:
        noun, _, case = format_spec.partition(":")
        if noun in NOUNS and isinstance(value, int):
            grammatical: Case = next((c for c in CASES if c == case), "nom")
            return count_of(value, noun, self.language, grammatical)
        return str(super().format_field(value, format_spec))


# The core's vocabulary, read once at import.
VOCABULARY: Final = Catalog.load(Path(__file__).parent / "vocabulary")


def t(key: str, language: Language, **values: object) -> str:
    return VOCABULARY.say(key, language, **values)


def phrases(key: str, language: Language) -> tuple[str, ...]:
    return VOCABULARY.phrases(key, language)


def label(value: str, language: Language) -> str:
    """A platform, goal or value style by its name in `language`; unknown values as they are."""
    key = f"label.{value}"
    return VOCABULARY.format(key, language) if key in VOCABULARY else value


def entry_command(entry_id: str, language: Language) -> str:
    """What to type for one entry, in the reader's language: "myth 6", "خرافة القاعدة"."""
    if entry_id == "value":
        return VOCABULARY.format("myth.typed_rule", language)
    return VOCABULARY.format("myth.typed", language, ref=entry_id)


def join_list(items: list[str], language: Language) -> str:
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    if language == "ar":
        return " و".join(items)  # Arabic repeats و before every item: أ وب وج
    return ", ".join(items[:-1]) + " and " + items[-1]


# A greeting that is really a thank-you gets "you're welcome", not the introduction again.
_THANKS = re.compile(
    r"\b(?:thanks?|thank\s+you|thx|ty|cheers|much\s+appreciated)\b"
    r"|شكر|مشكور|تسلم|يعطيك\s+العافي|ممنون|متشكر",
    re.IGNORECASE,
)


def is_thanks(text: str) -> bool:
    return bool(_THANKS.search(text))
