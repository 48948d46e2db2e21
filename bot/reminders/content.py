"""Composes the weekly post from the team's profile and a rotation index, and renders it as text.

The rotation index belongs to the reminder and advances by one per post, so one channel walks
through its pool (eight or more ideas) before any idea comes back, and through the seven myths
in order. The ideas are under `[ideas]` in `bot/vocabulary/*.toml`: one pool per value style
plus a generic one, eight or more per language; `{platform}` is one of the team's platforms.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.i18n import label, phrases, t
from bot.knowledge import KnowledgeBase
from bot.profiles import AudienceProfile
from bot.reminders.ports import ReminderPost
from bot.text import Language

MYTH_IDS: tuple[str, ...] = ("1", "2", "3", "4", "5", "6", "7")
# The pool of ideas for a team with no value style.
GENERIC_POOL = "generic"


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
        rule=t("reminders.post.rule", language),
        idea=t("reminders.post.idea", language),
        question=t("reminders.post.question", language),
        myth=t("reminders.post.myth", language),
        myth_hint=t("reminders.post.myth_hint", language, number=post.myth_id),
        note=t("reminders.post.note", language),
    )


class ReminderComposer:
    def __init__(self, *, knowledge: KnowledgeBase) -> None:
        self._knowledge = knowledge

    def compose(
        self, *, profile: AudienceProfile | None, rotation: int, note: str | None
    ) -> ReminderPost:
        profile = profile or AudienceProfile()
        language: Language = profile.language or "en"
        pool = phrases(f"ideas.pool.{profile.value_style or GENERIC_POOL}", language)
        idea = pool[rotation % len(pool)].format(
            platform=_platform_for(profile, rotation, language)
        )
        myth_id = MYTH_IDS[rotation % len(MYTH_IDS)]
        entry = self._knowledge.get(myth_id)
        myth_title = entry.text(language).title if entry is not None else myth_id
        return ReminderPost(
            language=language,
            title=t("reminders.post.title", language),
            idea=idea,
            question=_question_for(profile, rotation, language),
            myth_id=myth_id,
            myth_title=myth_title,
            note=note,
        )


def _platform_for(profile: AudienceProfile, rotation: int, language: Language) -> str:
    if not profile.platforms:
        return t("ideas.default_platform", language)
    return label(profile.platforms[rotation % len(profile.platforms)], language)


def _question_for(profile: AudienceProfile, rotation: int, language: Language) -> str:
    # With a goal, every other week asks about it; the generic questions still rotate.
    if profile.goal is not None and rotation % 2 == 1:
        return t(f"ideas.goal_question.{profile.goal}", language)
    questions = phrases("ideas.questions", language)
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
