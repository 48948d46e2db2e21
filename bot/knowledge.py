"""The knowledge base: entries loaded from TOML files and validated with pydantic.

Format: `knowledge/FORMAT.md`. A bad file raises `KnowledgeError` naming the file, the field
and what is wrong.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from bot.errors import KnowledgeError
from bot.text import Language

DEFAULT_KNOWLEDGE_DIR = Path(__file__).resolve().parent.parent / "knowledge"
CORE_IDS = ("1", "2", "3", "4", "5", "6", "7", "value")
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")


def _id_shape(value: str) -> str:
    if not _ID.match(value):
        raise ValueError("must be lower-case letters, digits, '-' or '_' (at most 40)")
    return value


# An entry id, built-in or a team's: one shape, checked in one place.
EntryId = Annotated[str, AfterValidator(_id_shape)]
# A short action fits on one chat line.
SHORT_ACTION_WORDS = 10
_SENTENCE_END = re.compile(r"[.!?؟۔]+(?:\s|$)")


def _non_blank(items: list[str]) -> list[str]:
    cleaned = [item.strip() for item in items]
    if any(not item for item in cleaned):
        raise ValueError("must not contain empty strings")
    return cleaned


class EntryText(BaseModel):
    """One entry in one language."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str = Field(min_length=1, max_length=80)
    claim: str = Field(min_length=1, max_length=300)
    verdict: str = Field(min_length=1, max_length=400)
    short_answer: str = Field(min_length=1, max_length=600)
    reasoning: list[str] = Field(min_length=1, max_length=6)
    concession: str = Field(default="", max_length=1200)
    actions: list[str] = Field(min_length=3, max_length=5)
    # Each action in a few words, same order: the first message of an answer shows three.
    short_actions: list[str] = Field(default_factory=list)
    examples: list[str] = Field(min_length=3)
    keywords: list[str] = Field(default_factory=list)

    @field_validator("reasoning", "actions", "short_actions", "examples", "keywords")
    @classmethod
    def _no_blank_items(cls, items: list[str]) -> list[str]:
        return _non_blank(items)

    @field_validator("short_answer")
    @classmethod
    def _two_sentences(cls, text: str) -> str:
        count = len(_SENTENCE_END.findall(text.strip()))
        if count != 2:
            raise ValueError(f"must be exactly two sentences (found {count})")
        return text.strip()

    @field_validator("short_actions")
    @classmethod
    def _short(cls, items: list[str]) -> list[str]:
        long = [item for item in items if len(item.split()) > SHORT_ACTION_WORDS]
        if long:
            raise ValueError(f"each must be at most {SHORT_ACTION_WORDS} words: {long[0]!r}")
        return items

    @model_validator(mode="after")
    def _one_short_form_per_action(self) -> EntryText:
        if self.short_actions and len(self.short_actions) != len(self.actions):
            raise ValueError(
                f"short_actions must have one line per action ({len(self.actions)}), "
                f"found {len(self.short_actions)}"
            )
        return self


class Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: EntryId
    number: int | None = Field(default=None, ge=1, le=99)
    kind: Literal["claim", "rule"]
    rating: Literal["myth", "partly_true", "rule"]
    related: list[str] = Field(default_factory=list)
    en: EntryText
    ar: EntryText

    @model_validator(mode="after")
    def _rule_has_no_number(self) -> Entry:
        if self.kind == "rule" and self.number is not None:
            raise ValueError("a rule has no number; remove 'number'")
        return self

    def text(self, language: Language) -> EntryText:
        return self.ar if language == "ar" else self.en


class OffTopicLanguage(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    examples: list[str] = Field(min_length=1)
    greetings: list[str] = Field(min_length=1)
    help: list[str] = Field(min_length=1)
    # Marketing questions next to our topic that no entry answers: declined, with a pointer.
    nearby: list[str] = Field(default_factory=list)
    # The same kind of question, grouped under the id of an entry that still helps with it.
    nearby_pointers: dict[str, list[str]] = Field(default_factory=dict)

    @field_validator("examples", "greetings", "help", "nearby")
    @classmethod
    def _no_blank_items(cls, items: list[str]) -> list[str]:
        return _non_blank(items)

    @field_validator("nearby_pointers")
    @classmethod
    def _no_blank_pointers(cls, groups: dict[str, list[str]]) -> dict[str, list[str]]:
        return {entry_id: _non_blank(items) for entry_id, items in groups.items()}

    def all_nearby(self) -> list[str]:
        return [*self.nearby, *(q for group in self.nearby_pointers.values() for q in group)]


class OffTopic(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    en: OffTopicLanguage
    ar: OffTopicLanguage

    def text(self, language: Language) -> OffTopicLanguage:
        return self.ar if language == "ar" else self.en


@dataclass(frozen=True)
class KnowledgeBase:
    entries: Mapping[str, Entry]
    off_topic: OffTopic

    def get(self, entry_id: str) -> Entry | None:
        return self.entries.get(entry_id)

    def ordered(self) -> list[Entry]:
        """Claims by number, then rules, then the team's own entries by id."""
        return sorted(
            self.entries.values(),
            key=lambda e: (e.number is None, e.number or 0, e.kind != "rule", e.id),
        )


def _read_toml(path: Path) -> dict[str, object]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise KnowledgeError(f"{path}: not valid TOML: {exc}") from exc
    except OSError as exc:
        raise KnowledgeError(f"{path}: cannot be read: {exc.strerror}") from exc


def _describe(path: Path, error: ValidationError) -> KnowledgeError:
    lines = []
    for problem in error.errors():
        field = ".".join(str(part) for part in problem["loc"]) or "(file)"
        message = problem["msg"].removeprefix("Value error, ")
        lines.append(f"{path}: field '{field}': {message}")
    return KnowledgeError("\n".join(lines))


def load_entry(path: Path) -> Entry:
    data = _read_toml(path)
    try:
        entry = Entry.model_validate(data)
    except ValidationError as exc:
        raise _describe(path, exc) from exc
    return entry


def _entry_files(directory: Path) -> Iterable[Path]:
    if not directory.is_dir():
        raise KnowledgeError(f"{directory}: knowledge directory not found")
    return sorted(directory.glob("*.toml"))


def load_knowledge(
    directory: Path = DEFAULT_KNOWLEDGE_DIR, extra_dir: Path | None = None
) -> KnowledgeBase:
    """Loads the built-in entries, then the team's own; ids must be unique across both."""
    entries: dict[str, Entry] = {}
    origin: dict[str, Path] = {}
    sources = [directory / "entries"] + ([extra_dir] if extra_dir is not None else [])
    for source in sources:
        for path in _entry_files(source):
            entry = load_entry(path)
            if entry.id in entries:
                raise KnowledgeError(
                    f"{path}: field 'id': '{entry.id}' is already used by {origin[entry.id]}"
                )
            entries[entry.id] = entry
            origin[entry.id] = path
    missing = [entry_id for entry_id in CORE_IDS if entry_id not in entries]
    if missing:
        raise KnowledgeError(f"{directory / 'entries'}: missing entries {', '.join(missing)}")
    for entry in entries.values():
        unknown = [r for r in entry.related if r not in entries]
        if unknown:
            raise KnowledgeError(
                f"{origin[entry.id]}: field 'related': unknown ids {', '.join(unknown)}"
            )
    off_topic_path = directory / "offtopic.toml"
    try:
        off_topic = OffTopic.model_validate(_read_toml(off_topic_path))
    except ValidationError as exc:
        raise _describe(off_topic_path, exc) from exc
    for language in ("en", "ar"):
        pointers = off_topic.text(language).nearby_pointers
        unknown = [entry_id for entry_id in pointers if entry_id not in entries]
        if unknown:
            raise KnowledgeError(
                f"{off_topic_path}: field '{language}.nearby_pointers': unknown ids "
                f"{', '.join(unknown)}"
            )
    return KnowledgeBase(entries=entries, off_topic=off_topic)
