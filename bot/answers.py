"""Composes an answer from a knowledge entry and a workspace's audience profile."""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.bidi import isolate_latin
from bot.hints import Command, Hint
from bot.i18n import count_of, join_list, label, phrases, t
from bot.knowledge import CORE_IDS, Entry, KnowledgeBase
from bot.matcher import Match
from bot.more import FIRST_ACTIONS
from bot.plurals import format_number
from bot.profiles import PLATFORMS, AudienceProfile
from bot.replies import Answer, RelatedEntry
from bot.text import MAX_QUESTION_CHARS, Language

# Platforms worth reserving a handle on when a team is not active there; the big general ones.
_RESERVE_FIRST = ("instagram", "x", "facebook", "linkedin", "tiktok", "youtube")


def _audience_check(active: list[str], profile: AudienceProfile, language: Language) -> str:
    """Where the team posts is not where its audience is: the latter comes from `audience`."""
    key = "notes.audience.described" if profile.audience else "notes.audience.unknown"
    return t(key, language, where=join_list(active, language))


def _platforms_note(profile: AudienceProfile, language: Language) -> list[str]:
    if not profile.platforms:
        return []
    active = [label(p, language) for p in profile.platforms]
    reserve = [label(p, language) for p in _RESERVE_FIRST if p not in profile.platforms][:3]
    reserve += [label(p, language) for p in PLATFORMS if p not in profile.platforms][
        : max(0, 3 - len(reserve))
    ]
    notes = [_audience_check(active, profile, language)]
    if reserve:
        notes.append(t("notes.reserve", language, platforms=join_list(reserve, language)))
    return notes


def _followers_note(profile: AudienceProfile, language: Language) -> list[str]:
    if profile.followers is None:
        return []
    followers = count_of(profile.followers, "follower", language)
    # "of them" agrees with the count in Arabic: منه (one), منهما (two), منهم (more).
    number = {1: "one", 2: "two"}.get(profile.followers, "many")
    of_them = t(f"notes.of_them.{number}", language)
    if profile.engagement_rate is None:
        return [t("notes.followers.no_rate", language, followers=followers, of_them=of_them)]
    # A rate stays a rate: turning 3 % into "36 people" promises a head count we don't have.
    rate = format_number(profile.engagement_rate, language)
    return [t("notes.followers.rate", language, followers=followers, rate=rate, of_them=of_them)]


def _blog_note(profile: AudienceProfile, language: Language) -> list[str]:
    goal = profile.goal
    if profile.blogs is True:
        if goal is None:
            return [t("notes.blog.unmeasured", language)]
        measure = t(f"goal_measure.{goal}", language)
        return [t("notes.blog.measured", language, measure=measure)]
    if profile.blogs is False:
        # In Arabic the goal label follows a colon, so it stays in the nominative it is
        # written in; the team is addressed as "you" (singular), as in every other note.
        if goal is None:
            return [t("notes.no_blog.without_goal", language)]
        return [t("notes.no_blog.with_goal", language, goal=label(goal, language))]
    return []


def _measure_note(profile: AudienceProfile, language: Language) -> list[str]:
    if profile.goal is None:
        return []
    measure = t(f"goal_measure.{profile.goal}", language)
    return [t("notes.measure", language, goal=label(profile.goal, language), measure=measure)]


def _value_note(profile: AudienceProfile, language: Language) -> list[str]:
    if profile.value_style is None:
        return []
    idea = t(f"value_idea.{profile.value_style}", language)
    style = label(profile.value_style, language)
    return [t("notes.value", language, style=style, idea=idea)]


def _selling_note(profile: AudienceProfile, language: Language) -> list[str]:
    if profile.goal not in {"sales", "leads"} or not profile.platforms:
        return []
    where = join_list([label(p, language) for p in profile.platforms], language)
    return [t("notes.selling", language, goal=label(profile.goal, language), where=where)]


def _sales_process_note(profile: AudienceProfile, language: Language) -> list[str]:
    """Answer 1: social is a faster way to do the old steps; which step (lead, conversation,
    close, invoice) social serves for this team's goal (`goal_step.<goal>`)."""
    notes = []
    if profile.goal is not None:
        goal = label(profile.goal, language)
        step = t(f"goal_step.{profile.goal}", language)
        notes.append(t("notes.sales_step", language, goal=goal, step=step))
    if profile.platforms:
        where = join_list([label(p, language) for p in profile.platforms], language)
        notes.append(t("notes.sales_platforms", language, where=where))
    return notes


def _personality_note(profile: AudienceProfile, language: Language) -> list[str]:
    """Answer 3: being personal, in the form this audience values and where the team posts."""
    notes = []
    if profile.value_style is not None:
        style = label(profile.value_style, language)
        notes.append(t("notes.personality.style", language, style=style))
    if profile.platforms:
        where = join_list([label(p, language) for p in profile.platforms], language)
        notes.append(t("notes.personality.platforms", language, where=where))
    return notes


_PERSONALISERS: dict[str, Callable[[AudienceProfile, Language], list[str]]] = {
    "1": _sales_process_note,
    "2": _selling_note,
    "3": _personality_note,
    "4": _followers_note,
    "5": _blog_note,
    "6": _measure_note,
    "7": _platforms_note,
    "value": _value_note,
}


# A team without a blog gets no actions "for your blog posts": answer 5 offers a way to test
# whether one would pay (`no_blog_actions`, in full and in short), and other entries drop any
# blog action.
_BLOG_ACTION = re.compile(r"blog|مدون|تدوين|تدوّن", re.IGNORECASE)


def _actions_for(
    entry: Entry, profile: AudienceProfile | None, language: Language
) -> list[tuple[str, str]]:
    """Each action in full and in short; without short forms the full text stands for both."""
    text = entry.text(language)
    shorts = text.short_actions or text.actions
    pairs = list(zip(text.actions, shorts, strict=True))
    if profile is None or profile.blogs is not False:
        return pairs
    if entry.id == "5":
        full = phrases("no_blog_actions.full", language)
        return list(zip(full, phrases("no_blog_actions.short", language), strict=True))
    return [pair for pair in pairs if not _BLOG_ACTION.search(pair[0])]


def compose_answer(
    entry: Entry,
    knowledge: KnowledgeBase,
    language: Language,
    profile: AudienceProfile | None,
    match: Match | None = None,
) -> Answer:
    text = entry.text(language)
    related = [
        RelatedEntry(rid, knowledge.entries[rid].text(language).title)
        for rid in entry.related
        if rid in knowledge.entries
    ]
    notes, hint = _personal_notes(entry, profile, language)
    actions = _actions_for(entry, profile, language)
    return Answer(
        entry_id=entry.id,
        language=language,
        title=text.title,
        claim=text.claim,
        rating=entry.rating,
        verdict=text.verdict,
        short_answer=text.short_answer,
        reasoning=list(text.reasoning),
        concession=text.concession,
        actions=[full for full, _ in actions],
        related=related,
        personal_notes=notes,
        profile_hint=hint,
        confidence=match.confidence if match is not None else 1.0,
        did_you_mean=_did_you_mean(match, knowledge, language),
        truncated_note=(
            t("truncated", language, limit=MAX_QUESTION_CHARS)
            if match is not None and match.truncated
            else None
        ),
        short_actions=[short for _, short in actions][:FIRST_ACTIONS],
        source=t("source", language) if entry.id in CORE_IDS else None,
    )


def _personal_notes(
    entry: Entry, profile: AudienceProfile | None, language: Language
) -> tuple[list[str], str | None]:
    """What the team's profile changes in this answer, and a hint to fill the profile in when
    it is empty and would have changed something."""
    personaliser = _PERSONALISERS.get(entry.id)
    if personaliser is None:
        return [], None
    notes = personaliser(profile, language) if profile is not None else []
    if language == "ar":
        notes = [isolate_latin(note) for note in notes]
    suggested = Command("profile set", (("more", None),), keyed=True)
    hint = (
        Hint("profile.hint", language, {"command": suggested})
        if profile is None or profile.is_empty()
        else None
    )
    return notes, hint


def _did_you_mean(
    match: Match | None, knowledge: KnowledgeBase, language: Language
) -> RelatedEntry | None:
    """The other likely entry when the match was close."""
    if match is None or not match.runner_up or match.runner_up not in knowledge.entries:
        return None
    other = knowledge.entries[match.runner_up]
    return RelatedEntry(other.id, other.text(language).title)
