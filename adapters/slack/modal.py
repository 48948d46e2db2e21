"""The profile form: a modal built from the workspace's profile, and its submission parsed.

Block ids are the profile's field names (platforms are split over two checkbox groups because
Slack allows ten options per group), so an `InvalidInput(field=…)` from the core maps straight
onto an inline error under the right input.
"""

from __future__ import annotations

import json
from typing import Any

from adapters.slack.blocks import Block, plain, section
from adapters.slack.words import WORDS
from bot.errors import InvalidInput
from bot.i18n import label, t
from bot.profiles import GOALS, PLATFORMS, VALUE_STYLES, AudienceProfile
from bot.text import Language

CALLBACK_ID = "advisor_profile"
ACTION = "value"
PLATFORM_GROUPS = ("platforms", "platforms_more")
_CHECKBOX_LIMIT = 10
_LANGUAGES = ("en", "ar")


def _word(key: str, language: Language) -> dict[str, Any]:
    return plain(WORDS.format(key, language), 24)


def _option(value: str, language: Language) -> dict[str, Any]:
    return {"text": plain(label(value, language), 75), "value": value}


def _input(block_id: str, title: str, element: Block) -> Block:
    return {
        "type": "input",
        "block_id": block_id,
        "optional": True,
        "label": plain(title, 2000),
        "element": {**element, "action_id": ACTION},
    }


def _select(values: tuple[str, ...], current: str | None, language: Language) -> Block:
    element: Block = {
        "type": "static_select",
        "options": [_option(v, language) for v in values],
    }
    if current in values:
        element["initial_option"] = _option(current, language)
    return element


def _checkboxes(values: tuple[str, ...], chosen: list[str], language: Language) -> Block:
    element: Block = {"type": "checkboxes", "options": [_option(v, language) for v in values]}
    initial = [_option(v, language) for v in values if v in chosen]
    if initial:
        element["initial_options"] = initial
    return element


def _number(current: float | None, *, decimal: bool, maximum: str | None) -> Block:
    element: Block = {"type": "number_input", "is_decimal_allowed": decimal, "min_value": "0"}
    if maximum is not None:
        element["max_value"] = maximum
    if current is not None:
        element["initial_value"] = f"{current:g}" if decimal else str(int(current))
    return element


def _text(current: str | None, *, multiline: bool, max_length: int, hint: str | None) -> Block:
    element: Block = {"type": "plain_text_input", "multiline": multiline, "max_length": max_length}
    if current:
        element["initial_value"] = current[:max_length]
    if hint:
        element["placeholder"] = plain(hint, 150)
    return element


def profile_modal(profile: AudienceProfile | None, language: Language) -> dict[str, Any]:
    p = profile or AudienceProfile()
    chosen: list[str] = list(p.platforms)
    first, more = PLATFORMS[:6], PLATFORMS[6:]
    assert len(first) <= _CHECKBOX_LIMIT
    assert len(more) <= _CHECKBOX_LIMIT

    def name(field: str) -> str:
        return t(f"field.{field}", language)

    answers = [
        {"text": plain(t("yes", language), 75), "value": "yes"},
        {"text": plain(t("no", language), 75), "value": "no"},
    ]
    yes_no: Block = {"type": "radio_buttons", "options": answers}
    if p.blogs is not None:
        yes_no["initial_option"] = answers[0 if p.blogs else 1]
    blocks = [
        _input("platforms", name("platforms"), _checkboxes(first, chosen, language)),
        _input(
            "platforms_more",
            WORDS.format("profile_form.more", language),
            _checkboxes(more, chosen, language),
        ),
        _input("goal", name("goal"), _select(GOALS, p.goal, language)),
        _input("followers", name("followers"), _number(p.followers, decimal=False, maximum=None)),
        _input(
            "engagement_rate",
            name("engagement_rate") + " (%)",
            _number(p.engagement_rate, decimal=True, maximum="100"),
        ),
        _input("blogs", name("blogs"), yes_no),
        _input("value_style", name("value_style"), _select(VALUE_STYLES, p.value_style, language)),
        _input("language", name("language"), _select(_LANGUAGES, p.language, language)),
        _input(
            "timezone",
            name("timezone"),
            _text(
                p.timezone,
                multiline=False,
                max_length=64,
                hint=WORDS.format("profile_form.timezone_hint", language),
            ),
        ),
        _input(
            "audience",
            name("audience"),
            _text(p.audience, multiline=True, max_length=300, hint=None),
        ),
    ]
    return {
        "type": "modal",
        "callback_id": CALLBACK_ID,
        "title": _word("profile_form.title", language),
        "submit": _word("profile_form.submit", language),
        "close": _word("profile_form.close", language),
        "private_metadata": json.dumps({"language": language}),
        "blocks": blocks,
    }


def not_permitted_modal(language: Language) -> dict[str, Any]:
    return {
        "type": "modal",
        "title": _word("profile_form.title", language),
        "close": _word("profile_form.close", language),
        "blocks": [section(t("not.permitted", language))],
    }


def modal_language(view: dict[str, Any]) -> Language:
    try:
        language = json.loads(view.get("private_metadata") or "{}").get("language")
    except (ValueError, AttributeError):
        language = None
    return "ar" if language == "ar" else "en"


def error_block(field: str | None) -> str:
    """The block an error about `field` is shown under."""
    blocks = {"platforms", "platforms_more", "goal", "followers", "engagement_rate", "blogs"}
    blocks |= {"value_style", "language", "timezone", "audience"}
    return field if field in blocks else "platforms"


def parse_submission(view: dict[str, Any], language: Language) -> dict[str, object]:
    """Every field of the form, as changes for `apply_changes`; blank inputs clear a field.

    Raises InvalidInput naming the field when a value cannot be read at all (a forged or
    malformed number); range and choice checks are the core's.
    """
    values: dict[str, dict[str, Any]] = view.get("state", {}).get("values", {})

    def state(block_id: str) -> dict[str, Any]:
        return values.get(block_id, {}).get(ACTION, {}) or {}

    def selected(block_id: str) -> str | None:
        option = state(block_id).get("selected_option")
        return option.get("value") if isinstance(option, dict) else None

    def text(block_id: str) -> str | None:
        raw = state(block_id).get("value")
        return raw.strip() or None if isinstance(raw, str) else None

    platforms: list[str] = []
    for group in PLATFORM_GROUPS:
        for option in state(group).get("selected_options") or []:
            platforms.append(str(option.get("value")))
    blogs = selected("blogs")
    return {
        "platforms": platforms,
        "goal": selected("goal"),
        "followers": _number_value(text("followers"), "followers", integer=True, language=language),
        "engagement_rate": _number_value(
            text("engagement_rate"), "engagement_rate", integer=False, language=language
        ),
        "blogs": None if blogs is None else blogs == "yes",
        "value_style": selected("value_style"),
        "language": selected("language"),
        "timezone": text("timezone"),
        "audience": text("audience"),
    }


def _number_value(raw: str | None, field: str, *, integer: bool, language: Language) -> object:
    if raw is None:
        return None
    try:
        number = float(raw)
    except ValueError:
        raise InvalidInput(WORDS.format("profile_form.number", language), field=field) from None
    if integer:
        if not number.is_integer():
            raise InvalidInput(WORDS.format("profile_form.number", language), field=field)
        return int(number)
    return number
