"""Composes the weekly post from the team's profile and a rotation index, and renders it as text.

The rotation index belongs to the reminder and advances by one per post, so one channel walks
through its pool (eight or more ideas) before any idea comes back, and through the seven myths
in order.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.i18n import label
from bot.knowledge import KnowledgeBase
from bot.profiles import AudienceProfile
from bot.reminders.ideas import DEFAULT_PLATFORM, GENERIC_POOL, GOAL_QUESTIONS, IDEAS, QUESTIONS
from bot.reminders.messages import say
from bot.reminders.ports import ReminderPost
from bot.text import Language

MYTH_IDS: tuple[str, ...] = ("1", "2", "3", "4", "5", "6", "7")


@dataclass(frozen=True, kw_only=True)
class ReminderLabels:
    """Section headings for adapters that lay the post out themselves."""

    rule: str
    idea: str
    question: str
    myth: str
    myth_hint: str
    note: str


def labels_for(post: ReminderPost) -> ReminderLabels:
    language = post.language
    return ReminderLabels(
        rule=say("post.rule", language),
        idea=say("post.idea", language),
        question=say("post.question", language),
        myth=say("post.myth", language),
        myth_hint=say("post.myth_hint", language, number=post.myth_id),
        note=say("post.note", language),
    )


class ReminderComposer:
    def __init__(self, *, knowledge: KnowledgeBase) -> None:
        self._knowledge = knowledge

    def compose(
        self, *, profile: AudienceProfile | None, rotation: int, note: str | None
    ) -> ReminderPost:
        profile = profile or AudienceProfile()
        language: Language = profile.language or "en"
        pool = IDEAS[profile.value_style or GENERIC_POOL][language]
        idea = pool[rotation % len(pool)].format(
            platform=_platform_for(profile, rotation, language)
        )
        myth_id = MYTH_IDS[rotation % len(MYTH_IDS)]
        entry = self._knowledge.get(myth_id)
        myth_title = entry.text(language).title if entry is not None else myth_id
        return ReminderPost(
            language=language,
            title=say("post.title", language),
            idea=idea,
            question=_question_for(profile, rotation, language),
            myth_id=myth_id,
            myth_title=myth_title,
            note=note,
        )


def _platform_for(profile: AudienceProfile, rotation: int, language: Language) -> str:
    if not profile.platforms:
        return DEFAULT_PLATFORM[language]
    return label(profile.platforms[rotation % len(profile.platforms)], language)


def _question_for(profile: AudienceProfile, rotation: int, language: Language) -> str:
    # With a goal, every other week asks about it; the generic questions still rotate.
    if profile.goal is not None and rotation % 2 == 1:
        return GOAL_QUESTIONS[profile.goal][language]
    questions = QUESTIONS[language]
    return questions[(rotation // 2 if profile.goal else rotation) % len(questions)]


def render_reminder_plain(post: ReminderPost) -> str:
    """The post as plain text: the console, logs, and platforms without rich layout."""
    labels = labels_for(post)
    lines = [
        post.title,
        labels.rule,
        "",
        f"{labels.idea}: {post.idea}",
        f"{labels.question}: {post.question}",
        f"{labels.myth}: {post.myth_title} — {labels.myth_hint}",
    ]
    if post.note:
        lines += ["", f"{labels.note}: {post.note}"]
    return "\n".join(lines)
