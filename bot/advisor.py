"""The advisor: turns questions and commands into replies. Platform-neutral."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from bot.answers import compose_answer
from bot.bidi import isolate_value
from bot.errors import InvalidInput, NotPermitted
from bot.hints import Command, Hint
from bot.i18n import LANGUAGES, is_thanks, join_list, label, t
from bot.insights import Insights
from bot.knowledge import KnowledgeBase
from bot.matcher import Match, Matcher
from bot.plurals import format_number
from bot.ports import FeedbackStore, ProfileStore, Vote, WorkspaceData
from bot.profiles import FIELDS, AudienceProfile, WorkspaceKey, apply_changes
from bot.replies import Answer, MythList, MythSummary, Notice, ProfileView, RelatedEntry, Reply
from bot.text import MAX_QUESTION_CHARS, Language, detect_language

if TYPE_CHECKING:
    from bot.team_knowledge import TeamKnowledge

log = logging.getLogger(__name__)


class QuestionObserver(Protocol):
    """Told about every question; metrics implement it."""

    def question_answered(
        self, *, platform: str, outcome: str, entry_id: str | None, seconds: float
    ) -> None: ...


class _NoObserver:
    def question_answered(
        self, *, platform: str, outcome: str, entry_id: str | None, seconds: float
    ) -> None:
        return None


@dataclass(frozen=True)
class Asker:
    """Who is talking to the advisor, and where."""

    workspace: WorkspaceKey
    user_id: str = "local"
    channel_id: str | None = None
    # Workspace admins may change the profile, reminders, and delete the workspace's data.
    is_admin: bool = False


class Advisor:
    def __init__(
        self,
        *,
        knowledge: KnowledgeBase,
        matcher: Matcher,
        profiles: ProfileStore,
        feedback: FeedbackStore,
        workspace_data: WorkspaceData,
        observer: QuestionObserver | None = None,
        insights: Insights | None = None,
        team: TeamKnowledge | None = None,
    ) -> None:
        self.knowledge = knowledge
        # Each workspace's own entries (bot/team_knowledge.py), matched on top of the built-in.
        self.team = team
        self.matcher = matcher
        self._profiles = profiles
        self._feedback = feedback
        self._workspace_data = workspace_data
        self._observer = observer or _NoObserver()
        # Notes what each workspace asks, for its admins' insights; None keeps no record.
        self.insights = insights

    async def knowledge_for(self, workspace: WorkspaceKey) -> KnowledgeBase:
        """The built-in entries plus the workspace's own, if it has any."""
        if self.team is None:
            return self.knowledge
        return await self.team.knowledge_for(workspace)

    async def profile(self, workspace: WorkspaceKey) -> AudienceProfile | None:
        stored = await self._profiles.get_profile(workspace)
        return stored.profile if stored is not None else None

    async def language_for(
        self, workspace: WorkspaceKey, text: str = "", *, command: bool = False
    ) -> Language:
        """Arabic text gets Arabic; an English question gets English; commands and silence get
        the team's profile language, else English."""
        if detect_language(text) == "ar":
            return "ar"
        if text.strip() and not command:
            return "en"
        profile = await self.profile(workspace)
        return profile.language if profile is not None and profile.language else "en"

    async def ask(self, asker: Asker, question: str) -> Reply:
        _, reply = await self.consult(asker, question)
        return reply

    async def consult(self, asker: Asker, question: str) -> tuple[Match, Reply]:
        """The matcher's decision with the reply built from it (for callers that show both)."""
        started = time.perf_counter()
        match = self.matcher.match(question)
        if self.team is not None:
            match = await self.team.match(asker.workspace, question, match)
        reply = await self._reply_to(asker.workspace, match, question)
        outcome = _outcome(match)
        if self.insights is not None and match.intent not in {"greeting", "help", "empty"}:
            entry_id = match.entry_id if match.intent == "entry" else None
            await self.insights.record(asker.workspace, entry_id=entry_id, question=question)
        seconds = time.perf_counter() - started
        self._observer.question_answered(
            platform=asker.workspace.platform,
            outcome=outcome,
            entry_id=match.entry_id,
            seconds=seconds,
        )
        log.info(
            "question",
            extra={
                "platform": asker.workspace.platform,
                "workspace": asker.workspace.workspace_id,
                "channel": asker.channel_id,
                "outcome": outcome,
                "entry_id": match.entry_id,
                "confidence": match.confidence,
                "latency_ms": round(seconds * 1000, 2),
            },
        )
        log.debug("question text", extra={"question": question[:500]})
        return match, reply

    async def _reply_to(self, workspace: WorkspaceKey, match: Match, question: str) -> Reply:
        language = match.language
        if match.intent == "entry" and match.entry_id is not None:
            knowledge = await self.knowledge_for(workspace)
            entry = knowledge.entries[match.entry_id]
            return compose_answer(entry, knowledge, language, await self.profile(workspace), match)
        note = [t("truncated", language, limit=MAX_QUESTION_CHARS)] if match.truncated else []
        if match.intent == "empty":
            return Notice(language, "info", t("empty.title", language), [t("empty.body", language)])
        if match.intent == "greeting" and is_thanks(question):
            thanks = [t("thanks.body", language)]
            return Notice(language, "info", t("thanks.title", language), thanks)
        if match.intent in {"greeting", "help"}:
            return self.introduction(language)
        if match.near_domain:
            helpful = self.knowledge.entries.get(match.may_help or "")
            pointer = (
                [RelatedEntry(helpful.id, helpful.text(language).title)]
                if helpful is not None
                else []
            )
            title = t("decline.nearby.title", language)
            lines = [_decline_body(language), *note]
            return Notice(language, "decline", title, lines, may_help=pointer)
        return Notice(
            language, "decline", t("decline.title", language), [_decline_body(language), *note]
        )

    def introduction(self, language: Language) -> Notice:
        topics = [f"• {item.title}" for item in self.myths(language).items]
        lines = [t("intro.body", language), *topics, t("intro.try", language)]
        return Notice(language, "intro", t("intro.title", language), lines)

    def help(self, language: Language, command: str | None = None) -> Notice:
        """All commands, or one (`command` is its English name) in detail."""
        if command is not None:
            lines = [help_line(command, language)]
        else:
            lines = [Hint("help.commands", language), t("help.more", language)]
            lines.append(t("intro.try", language))
        return Notice(language, "info", t("help.title", language), lines, private=True)

    def myths(self, language: Language) -> MythList:
        items = [
            MythSummary(e.id, e.number, e.text(language).title, e.text(language).verdict)
            for e in self.knowledge.ordered()
        ]
        footer = Hint("myths.footer", language, {"command": Command("myth", (("number", "4"),))})
        return MythList(language, t("myths.title", language), items, footer)

    def resolve_myth(self, reference: str, knowledge: KnowledgeBase | None = None) -> str | None:
        """'4', '#4', 'value', 'rule', '٤' (or a team entry's id) -> an entry id, or None."""
        ref = (
            reference.strip()
            .lower()
            .lstrip("#")
            .translate(str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789"))
        )
        if ref in {"rule", "the rule", "قيمة", "القيمة", "القاعدة"}:
            ref = "value"
        if ref in (knowledge or self.knowledge).entries:
            return ref
        return None

    async def myth(self, asker: Asker, reference: str, language: Language) -> Answer | Notice:
        knowledge = await self.knowledge_for(asker.workspace)
        entry_id = self.resolve_myth(reference, knowledge)
        if entry_id is None:
            shown = reference.strip()[:40] or "?"
            return Notice(
                language,
                "error",
                t("error.title", language),
                [t("myth.unknown", language, ref=shown)],
                private=True,
            )
        entry = knowledge.entries[entry_id]
        return compose_answer(entry, knowledge, language, await self.profile(asker.workspace))

    async def show_profile(self, asker: Asker, language: Language) -> ProfileView:
        profile = await self.profile(asker.workspace)
        return profile_view(profile, language)

    async def update_profile(
        self, asker: Asker, changes: dict[str, object], language: Language
    ) -> ProfileView:
        _require_admin(asker, language)
        updated = await self._profiles.update_profile(
            asker.workspace, lambda current: apply_changes(current, changes)
        )
        view = profile_view(updated, language)
        return ProfileView(language, t("profile.saved", language), updated, view.rows, view.footer)

    async def reset_profile(self, asker: Asker, language: Language) -> Notice:
        _require_admin(asker, language)
        removed = await self._profiles.reset_profile(asker.workspace)
        key = "profile.cleared" if removed else "profile.nothing_to_clear"
        return Notice(language, "confirm", t(key, language), private=True)

    async def forget_workspace(self, asker: Asker, language: Language) -> Notice:
        _require_admin(asker, language)
        count = await self._workspace_data.forget_workspace(asker.workspace)
        if self.team is not None:
            self.team.forgotten(asker.workspace)
        return Notice(language, "confirm", t("forget.done", language, count=count), private=True)

    async def export_workspace(self, asker: Asker) -> dict[str, object]:
        _require_admin(asker, "en")
        return await self._workspace_data.export_workspace(asker.workspace)

    async def record_feedback(
        self, asker: Asker, *, answer_ref: str, entry_id: str, vote: Vote
    ) -> Notice:
        if entry_id not in (await self.knowledge_for(asker.workspace)).entries:
            raise InvalidInput(f"unknown entry '{entry_id[:40]}'")
        await self._feedback.record_feedback(
            asker.workspace, answer_ref=answer_ref, entry_id=entry_id, user=asker.user_id, vote=vote
        )
        language = await self.language_for(asker.workspace)
        return Notice(language, "confirm", t("feedback.thanks", language), private=True)


def _require_admin(asker: Asker, language: Language) -> None:
    if not asker.is_admin:
        raise NotPermitted(t("not.permitted", language))


def _outcome(match: Match) -> str:
    if match.intent == "entry":
        return "ambiguous" if match.runner_up else "answered"
    if match.intent in {"greeting", "help"}:
        return "introduced"
    return "declined"


# What to type for a first profile, and how to change or clear one.
_EXAMPLE_PROFILE = Command(
    "profile set",
    (("platforms", "instagram,linkedin"), ("goal", "leads"), ("followers", "1200")),
    keyed=True,
)
_EMPTY_HINT = {
    language: Hint("profile.empty", language, {"example": _EXAMPLE_PROFILE})
    for language in LANGUAGES
}


def _profile_footer(language: Language) -> Hint:
    change = Command("profile set", (("field", None),), keyed=True)
    return Hint("profile.footer", language, {"set": change, "reset": Command("profile reset")})


def _myth(number: str) -> Command:
    return Command("myth", (("number", number),))


def _rule(language: Language) -> Command:
    """The rule's entry as the reader types it: `myth value`, `خرافة القاعدة`."""
    return _myth(t("typed.rule", language))


FORGET_YES = Command("forget yes")
_PROFILE_EXAMPLE = Command(
    "profile set",
    (
        ("goal", "leads"),
        ("platforms", "instagram,linkedin"),
        ("followers", "1200"),
        ("engagement_rate", "3"),
    ),
    keyed=True,
)


def _help_commands(command: str, language: Language) -> dict[str, Command] | None:
    """The commands one help line names, for the lines each platform writes in its syntax."""
    if command == "myths":
        return {"myths": Command("myths")}
    if command == "myth":
        return {"example": _myth("4"), "rule": _rule(language)}
    if command == "profile":
        return {"set": _PROFILE_EXAMPLE, "reset": Command("profile reset")}
    if command == "forget":
        return {"confirm": FORGET_YES}
    return None


def help_line(command: str, language: Language) -> str:
    """One command in detail (`help myth`): a `Hint` where it names commands to type."""
    commands = _help_commands(command, language)
    key = f"help.{command}"
    return t(key, language) if commands is None else Hint(key, language, commands)


def myth_usage(language: Language) -> Hint:
    """`myth` without a number: which ones there are, in the reader's syntax."""
    commands = {"first": _myth("1"), "last": _myth("7"), "rule": _rule(language)}
    return Hint("myth.usage", language, {**commands, "myths": Command("myths")})


def _decline_body(language: Language) -> Hint:
    return Hint("decline.body", language, {"command": Command("myths")})


def profile_view(profile: AudienceProfile | None, language: Language) -> ProfileView:
    if profile is None or profile.is_empty():
        return ProfileView(language, t("profile.title", language), None, [], _EMPTY_HINT[language])
    rows: list[tuple[str, str]] = []
    for name in FIELDS:
        value = getattr(profile, name)
        if value is None or value == []:
            continue
        if isinstance(value, list):
            shown = join_list([label(str(v), language) for v in value], language)
        elif isinstance(value, bool):
            shown = t("yes" if value else "no", language)
        elif name == "engagement_rate":
            shown = format_number(value, language) + ("٪" if language == "ar" else "%")
        elif name == "followers":
            shown = format_number(value, language)
        else:
            shown = label(str(value), language)
        if language == "ar":
            shown = isolate_value(shown)  # a time zone or a description in Latin letters
        rows.append((t(f"field.{name}", language), shown))
    return ProfileView(
        language, t("profile.title", language), profile, rows, _profile_footer(language)
    )
