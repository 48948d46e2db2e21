"""The audience profile a workspace keeps, and how users change it by name."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal, get_args
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from bot.errors import InvalidInput
from bot.i18n import LANGUAGES, VOCABULARY, label, t
from bot.text import Language
from bot.timezones import canonical_zone, closest_zone

Platform = Literal[
    "facebook",
    "instagram",
    "x",
    "linkedin",
    "tiktok",
    "youtube",
    "snapchat",
    "pinterest",
    "threads",
    "reddit",
    "whatsapp",
    "telegram",
]
Goal = Literal["leads", "sales", "brand", "community", "support", "recruiting"]
ValueStyle = Literal[
    "thought_leadership", "resource_links", "humour", "how_tos", "news", "behind_the_scenes"
]

PLATFORMS: tuple[str, ...] = get_args(Platform)
GOALS: tuple[Goal, ...] = get_args(Goal)
VALUE_STYLES: tuple[ValueStyle, ...] = get_args(ValueStyle)

_PLATFORM_ALIASES = {
    "twitter": "x",
    "tweeter": "x",
    "fb": "facebook",
    "insta": "instagram",
    "ig": "instagram",
    "yt": "youtube",
    "tik tok": "tiktok",
    "snap": "snapchat",
    "فيسبوك": "facebook",
    "فيس بوك": "facebook",
    "فيس": "facebook",
    "انستغرام": "instagram",
    "انستقرام": "instagram",
    "إنستغرام": "instagram",
    "انستا": "instagram",
    "تويتر": "x",
    "لينكدان": "linkedin",
    "لينكد إن": "linkedin",
    "لينكدإن": "linkedin",
    "لينكد ان": "linkedin",
    "تيك توك": "tiktok",
    "تيكتوك": "tiktok",
    "يوتيوب": "youtube",
    "سناب": "snapchat",
    "سناب شات": "snapchat",
    "واتساب": "whatsapp",
    "تيليجرام": "telegram",
}
_VALUE_ALIASES = {
    "humor": "humour",
    "how-tos": "how_tos",
    "howtos": "how_tos",
    "how_to": "how_tos",
    "links": "resource_links",
    "resources": "resource_links",
    "thought-leadership": "thought_leadership",
    "leadership": "thought_leadership",
    "behind-the-scenes": "behind_the_scenes",
}


class AudienceProfile(BaseModel):
    """What the advisor knows of a team's audience. Every field is optional."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    platforms: list[Platform] = Field(default_factory=list)
    goal: Goal | None = None
    audience: str | None = Field(default=None, max_length=300)
    followers: int | None = Field(default=None, ge=0, le=2_000_000_000)
    engagement_rate: float | None = Field(default=None, ge=0, le=100)
    blogs: bool | None = None
    value_style: ValueStyle | None = None
    language: Language | None = None
    timezone: str | None = None

    @field_validator("platforms")
    @classmethod
    def _unique(cls, platforms: list[Platform]) -> list[Platform]:
        return list(dict.fromkeys(platforms))

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str | None) -> str | None:
        if value is None:
            return None
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            guess = closest_zone(value)
            hint = f"; did you mean {guess}?" if guess else ""
            raise ValueError(f"must be an IANA time zone such as Europe/Berlin{hint}") from exc
        return value

    def is_empty(self) -> bool:
        return self == AudienceProfile()


@dataclass(frozen=True)
class WorkspaceKey:
    """A Slack team or Discord guild (or the local console): every stored row is keyed by it."""

    platform: str
    workspace_id: str

    def __str__(self) -> str:
        return f"{self.platform}:{self.workspace_id}"


@dataclass(frozen=True)
class StoredProfile:
    profile: AudienceProfile
    updated_at: datetime


# The fields in display order; how to fill each is `field_help.<name>` in the vocabulary.
FIELDS: tuple[str, ...] = (
    "platforms",
    "goal",
    "audience",
    "followers",
    "engagement_rate",
    "blogs",
    "value_style",
    "language",
    "timezone",
)
_CHOICES: dict[str, tuple[str, ...]] = {
    "platforms": PLATFORMS,
    "goal": GOALS,
    "value_style": VALUE_STYLES,
}


def field_help(name: str, language: Language) -> str:
    """How to fill one field: "one of: leads, sales, …". The example rate is what people type
    (2.5 in either language), so it is a value, not Arabic prose to write 2٫5."""
    choices = ", ".join(_CHOICES.get(name, ()))
    return VOCABULARY.format(f"field_help.{name}", language, choices=choices, example="2.5")


_FIELD_ALIASES = {
    "platform": "platforms",
    "engagement": "engagement_rate",
    "blog": "blogs",
    "value": "value_style",
    "style": "value_style",
    "lang": "language",
    "tz": "timezone",
    "zone": "timezone",
    "description": "audience",
}
_YES = {"yes", "y", "true", "1", "on", "نعم", "ايوه", "أيوه", "اي"}
_NO = {"no", "n", "false", "0", "off", "لا"}
_ASSIGNMENT = re.compile(
    r"(\w+)\s*[=:]\s*(\"[^\"]*\"|'[^']*'|[^\s=]+(?:\s+(?!\w+\s*[=:])[^\s=]+)*)"
)


def _value_words() -> dict[str, str]:
    """Goal, value-style and language values as people write them in either language
    ("مبيعات", "المبيعات", "sales" -> "sales"; "العربية" -> "ar")."""
    words: dict[str, str] = {
        "عربي": "ar",
        "العربية": "ar",
        "عربية": "ar",
        "arabic": "ar",
        "english": "en",
        "إنجليزي": "en",
        "الإنجليزية": "en",
        "انجليزي": "en",
    }
    for value in (*GOALS, *VALUE_STYLES):
        for name in (label(value, language) for language in LANGUAGES):
            lowered = name.lower()
            words[lowered] = value
            if lowered.startswith("ال"):
                words[lowered[2:]] = value
    return words


_VALUE_WORDS = _value_words()


def invalid_value(name: str, value: object) -> InvalidInput:
    shown = str(value)[:60]
    message = t("profile.invalid", "en", value=shown, field=name, help=field_help(name, "en"))
    return InvalidInput(message, field=name, value=shown)


class UnknownField(InvalidInput):
    """`profile set colour=red`: no such field; the reply lists the ones there are."""

    def __init__(self, name: str) -> None:
        super().__init__(_unknown_field(name, "en"), field=name)
        self.name = name


def _unknown_field(name: str, language: Language) -> str:
    fields = ("، " if language == "ar" else ", ").join(FIELDS)
    return t("profile.unknown_field", language, name=name, fields=fields)


def explain_invalid(error: InvalidInput, language: Language) -> str:
    """The error's message in the asker's language."""
    if isinstance(error, UnknownField):
        return _unknown_field(error.name, language)
    # Only profile values are rebuilt; other features localise their own messages.
    if language != "ar" or error.field not in FIELDS or error.value is None:
        return error.message
    helped = field_help(error.field, language)
    return t("profile.invalid", language, value=error.value, field=error.field, help=helped)


def field_name(raw: str) -> str:
    name = raw.strip().lower().replace("-", "_")
    name = _FIELD_ALIASES.get(name, name)
    if name not in FIELDS:
        raise UnknownField(raw[:40])
    return name


def _convert(name: str, raw: str) -> object:
    """What a person typed for `name`, as the profile's value; raises InvalidInput."""
    value = raw.strip().strip("\"'").strip()
    if value.lower() in {"", "none", "-", "clear"}:
        return [] if name == "platforms" else None
    convert = _CONVERTERS.get(name)
    return value if convert is None else convert(name, value)


def _platforms(name: str, value: str) -> object:
    items = [item.strip().lower() for item in re.split(r"[,،/]| and ", value) if item.strip()]
    return [_PLATFORM_ALIASES.get(item, item) for item in items]


def _value_style(name: str, value: str) -> object:
    lowered = value.lower()
    key = lowered.replace(" ", "_")
    return _VALUE_WORDS.get(lowered) or _VALUE_ALIASES.get(lowered, _VALUE_ALIASES.get(key, key))


def _yes_or_no(name: str, value: str) -> object:
    lowered = value.lower()
    if lowered in _YES:
        return True
    if lowered in _NO:
        return False
    raise invalid_value(name, value)


def _count(name: str, value: str) -> object:
    """1200, 1,200, 12k, 1.5m."""
    digits = value.lower().replace(",", "").replace("_", "")
    multiplier = {"k": 1_000, "m": 1_000_000}.get(digits[-1:], 1)
    number = _finite(digits[:-1] if multiplier > 1 else digits)
    if number is None:
        raise invalid_value(name, value)
    return int(number * multiplier)


def _percent(name: str, value: str) -> object:
    rate = _finite(value.lower().rstrip("%"))
    if rate is None:
        raise invalid_value(name, value)
    return rate


def _word(name: str, value: str) -> object:
    """A goal or a language, in English or Arabic words."""
    lowered = value.lower()
    return _VALUE_WORDS.get(lowered, lowered)


def _zone(name: str, value: str) -> object:
    return canonical_zone(value) or value


# Fields not listed (audience) are kept as typed.
_CONVERTERS: dict[str, Callable[[str, str], object]] = {
    "platforms": _platforms,
    "value_style": _value_style,
    "blogs": _yes_or_no,
    "followers": _count,
    "engagement_rate": _percent,
    "goal": _word,
    "language": _word,
    "timezone": _zone,
}


def _finite(text: str) -> float | None:
    """A plain number, or None for words, "inf", "nan" and numbers too large for a float."""
    try:
        number = float(text)
    except (ValueError, OverflowError):
        return None
    return number if math.isfinite(number) else None


def parse_assignments(text: str) -> dict[str, object]:
    """`goal=leads platforms=instagram,x followers=1200` -> converted values, by field."""
    changes: dict[str, object] = {}
    for raw_name, raw_value in _ASSIGNMENT.findall(text):
        name = field_name(raw_name)
        changes[name] = _convert(name, raw_value)
    if not changes:
        raise InvalidInput(
            "Tell me what to change, for example: profile set goal=leads platforms=instagram,x "
            "followers=1200"
        )
    return changes


def apply_changes(profile: AudienceProfile, changes: dict[str, object]) -> AudienceProfile:
    """A new validated profile, or InvalidInput naming the field and what is allowed."""
    data = profile.model_dump()
    data.update(changes)
    try:
        return AudienceProfile.model_validate(data)
    except ValidationError as exc:
        problem = exc.errors()[0]
        name = str(problem["loc"][0]) if problem["loc"] else "profile"
        shown = changes.get(name, "")
        if isinstance(shown, float):
            shown = f"{shown:g}"  # 150, as typed, not 150.0
        if isinstance(shown, list):
            shown = ",".join(str(item) for item in shown)
        if name not in FIELDS:
            raise InvalidInput(f"The profile is not valid: {problem['msg']}.") from exc
        raise invalid_value(name, shown) from exc
