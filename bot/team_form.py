"""An entry as an admin types it in chat (a Slack modal, a Discord modal): title, answer,
example questions one per line, and the languages it is written in.

The stored entry has the fields of a built-in one (bot/teamkb.py); they are filled from the
answer: its first sentence is the verdict, its first two the short answer, the whole of it the
reasoning. What the form lacks is said plainly in the team's name (a second sentence, three
generic actions). Problems raise InvalidInput naming the form's field, so each surface shows
the message under that field.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from pydantic import ValidationError

from bot.errors import InvalidInput
from bot.i18n import t
from bot.teamkb import TeamEntry
from bot.text import Language, clean, truncate

MAX_TITLE = 80
MAX_ANSWER = 600
MIN_EXAMPLES = 3
MAX_EXAMPLES = 20
MAX_EXAMPLE = 300
LANGUAGES: tuple[Language, ...] = ("en", "ar")

_SENTENCE = re.compile(r"[^.!?؟۔]+(?:[.!?؟۔]+|$)")
# What chat platforms act on: Slack's <!channel> and <@U…>, everyone's @here and @everyone.
_CONTROL = re.compile(r"[<>]")
_BROADCAST = re.compile(r"@(channel|here|everyone)\b", re.IGNORECASE)
_SLUG = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class TeamForm:
    title: str
    answer: str
    examples: str
    languages: Sequence[str]


def _plain(text: str) -> str:
    """As typed, minus what could ping: an answer is shown again later, in channels."""
    text = _CONTROL.sub("", text)
    return _BROADCAST.sub("@\u2060\\1", text)


def _sentences(text: str) -> list[str]:
    found = [part.strip() for part in _SENTENCE.findall(text)]
    sentences = [part for part in found if part and not re.fullmatch(r"[.!?؟۔]+", part)]
    return [s if re.search(r"[.!?؟۔]$", s) else s + "." for s in sentences]


def new_id(title: str, taken: Collection[str]) -> str:
    """A readable id from the title (`when-we-post`), or `entry`, made unique."""
    slug = _SLUG.sub("-", title.casefold()).strip("-")[:32].strip("-") or "entry"
    candidate, number = slug, 2
    while candidate in taken:
        candidate = f"{slug}-{number}"
        number += 1
    return candidate


def entry_from_form(form: TeamForm, *, taken: Collection[str], language: Language) -> TeamEntry:
    """The entry the form describes, with a new id; `language` is the asker's, for errors."""
    title = _plain(clean(form.title))
    if not title or len(title) > MAX_TITLE:
        raise InvalidInput(t("knowledge.form.title", language, most=MAX_TITLE), field="title")
    answer = _plain(clean(form.answer))
    sentences = _sentences(answer)
    if not sentences or len(answer) > MAX_ANSWER:
        raise InvalidInput(t("knowledge.form.answer", language, most=MAX_ANSWER), field="answer")
    examples = _examples(form.examples, language)
    languages = [name for name in LANGUAGES if name in form.languages]
    if not languages:
        raise InvalidInput(t("knowledge.form.languages", language), field="languages")
    document: dict[str, object] = {"id": new_id(title, taken)}
    for written in languages:
        document[written] = _text(title, answer, sentences, examples, written)
    try:
        return TeamEntry.model_validate(document)
    except ValidationError:
        # Sentences the knowledge format reads differently (abbreviations such as "a.m.").
        raise InvalidInput(
            t("knowledge.form.answer", language, most=MAX_ANSWER), field="answer"
        ) from None


def _examples(typed: str, language: Language) -> list[str]:
    examples: list[str] = []
    for line in typed.splitlines():
        example = _plain(clean(line))
        if example and example not in examples:
            examples.append(example)
    if not MIN_EXAMPLES <= len(examples) <= MAX_EXAMPLES or any(
        len(example) > MAX_EXAMPLE for example in examples
    ):
        message = t(
            "knowledge.form.examples",
            language,
            least=MIN_EXAMPLES,
            most=MAX_EXAMPLES,
            length=MAX_EXAMPLE,
        )
        raise InvalidInput(message, field="examples")
    return examples


def _text(
    title: str, answer: str, sentences: list[str], examples: list[str], written: Language
) -> dict[str, object]:
    """The entry's fields in one language, filled from the answer (see the module docstring)."""
    second = sentences[1] if len(sentences) > 1 else t("knowledge.form.second", written)
    actions = sentences[2:7]
    if len(actions) < 3:
        actions = [t(f"knowledge.form.action{n}", written) for n in (1, 2, 3)]
    return {
        "title": title,
        "claim": title,
        "verdict": truncate(sentences[0], 400),
        "short_answer": f"{sentences[0]} {second}",
        "reasoning": [answer],
        "actions": actions,
        "examples": examples,
    }
