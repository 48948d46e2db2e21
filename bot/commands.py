"""Text commands shared by the console and Slack's `/advisor`: one parser, one set of replies.

`ask <question>`, `myths`, `myth <n>`, `profile [show|set k=v …|reset]`, `forget`,
`reminders …`, `insights …`, `status`, `knowledge [remove <id>]`, `help`. Text that is
not a command but reads like a question is asked; a single unknown word gets help.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Protocol

from bot.advisor import FORGET_YES, Advisor, Asker, myth_usage
from bot.errors import UserFacingError
from bot.hints import Hint
from bot.i18n import t
from bot.ports import EventLedger
from bot.profiles import parse_assignments
from bot.replies import Notice, Reply
from bot.request import Request, RequestHandler
from bot.text import Language, clean


class ReminderCommands(Protocol):
    """`reminders …` subcommands; provided by the reminders feature."""

    async def handle(self, asker: Asker, arguments: str, language: Language) -> Reply: ...


StatusProvider = Callable[[Language], Awaitable[list[str]]]

_ASK = {"ask", "q", "question", "اسأل", "سؤال"}
_MYTHS = {"myths", "list", "topics", "claims", "المواضيع", "الخرافات"}
_MYTH = {"myth", "claim", "entry", "خرافة"}
_PROFILE = {"profile", "ملف", "الملف"}
_HELP = {"help", "?", "commands", "مساعدة", "الأوامر"}
_REMINDERS = {"reminders", "reminder", "remind", "تذكير", "التذكيرات"}
_FORGET = {"forget", "forget-everything", "انسَ", "انس"}
_STATUS = {"status", "الحالة"}
_INSIGHTS = {"insights", "رؤى"}
_KNOWLEDGE = {"knowledge", "المعرفة", "معرفة"}
_REMOVE = {"remove", "delete", "احذف", "حذف"}
_COMMAND_WORDS = (
    _MYTHS | _MYTH | _PROFILE | _HELP | _REMINDERS | _FORGET | _STATUS | _INSIGHTS | _KNOWLEDGE
)
_YES = {"yes", "confirm", "نعم", "أكد", "اكد"}
# `help <word>`: any of a command's words (English or Arabic) -> the command's help key.
_HELP_TOPICS = {
    word: name
    for name, words in (
        ("ask", _ASK),
        ("myths", _MYTHS),
        ("myth", _MYTH),
        ("profile", _PROFILE),
        ("help", _HELP),
        ("reminders", _REMINDERS),
        ("forget", _FORGET),
        ("status", _STATUS),
        ("insights", _INSIGHTS),
        ("knowledge", _KNOWLEDGE),
    )
    for word in words
}

# Commands that may change the workspace, so an admin's: an adapter whose platform charges for
# a rights lookup (Slack's users.info) makes it for these only. The router still decides.
ADMIN_COMMANDS = frozenset({"profile", "forget", "reminders", "insights", "knowledge"})


def command_name(text: str) -> str | None:
    """The command `text` starts with ("profile", "reminders", ...), whichever language its
    word is in; None when it is not a command word (a question)."""
    return _HELP_TOPICS.get(clean(text).partition(" ")[0].lower())


def may_need_admin(text: str) -> bool:
    """True when `text` is a command that may need the asker to be an admin."""
    return command_name(text) in ADMIN_COMMANDS


_Step = Callable[[Asker, str, Language], Awaitable[Reply | None]]


def _usage(key: str, language: Language) -> Notice:
    return _told(t(key, language), language)


def _told(line: str, language: Language) -> Notice:
    return Notice(language, "info", t("help.title", language), [line], private=True)


class CommandRouter:
    def __init__(
        self,
        advisor: Advisor,
        *,
        reminders: ReminderCommands | None = None,
        status: StatusProvider | None = None,
        ledger: EventLedger | None = None,
    ) -> None:
        self.advisor = advisor
        self.reminders = reminders
        self.status = status
        # The one way in for every adapter; the router is how it reads typed messages.
        self.requests = RequestHandler(self, ledger=ledger)

    async def handle(self, asker: Asker, text: str) -> Reply:
        """The reply to `text` from someone already known; never raises (bot/request.py)."""
        return await self.requests.handle(Request(asker=asker, text=text))

    async def language_for(self, asker: Asker, text: str) -> Language:
        """A question's own language; a command's the team's (its words say little)."""
        text = clean(text)
        first = text.partition(" ")[0].lower()
        return await self.advisor.language_for(
            asker.workspace, text, command=first in _COMMAND_WORDS
        )

    def needs_admin(self, text: str) -> bool:
        return may_need_admin(text)

    async def read(self, asker: Asker, text: str, language: Language) -> Reply:
        """The reply to a typed message; raises what its command raises (the request handler
        turns that into a notice)."""
        return await self._dispatch(asker, clean(text), language)

    async def _dispatch(self, asker: Asker, text: str, language: Language) -> Reply:
        """A command word to its step; a step answering None means "not this command's form"
        (`myths later`, `help me please`), and the text is then read as a question."""
        if not text:
            return self.advisor.help(language)
        command, _, rest = text.partition(" ")
        step = self._steps.get(_HELP_TOPICS.get(command.lower(), ""))
        if step is not None and (reply := await step(asker, rest.strip(), language)) is not None:
            return reply
        if " " in text or any(ch in text for ch in "?؟"):
            return await self.advisor.ask(asker, text)
        return await self._one_word(asker, text, language)

    @property
    def _steps(self) -> dict[str, _Step]:
        return {
            "ask": self._ask,
            "myths": self._myths,
            "myth": self._myth,
            "profile": self._profile,
            "help": self._help,
            "forget": self._forget,
            "reminders": self._reminders,
            "status": self._status,
            "insights": self._insights,
            "knowledge": self._knowledge,
        }

    async def _ask(self, asker: Asker, rest: str, language: Language) -> Reply | None:
        return await self.advisor.ask(asker, rest)

    async def _myths(self, asker: Asker, rest: str, language: Language) -> Reply | None:
        return None if rest else self.advisor.myths(language)

    async def _myth(self, asker: Asker, rest: str, language: Language) -> Reply | None:
        if not rest:
            return _told(myth_usage(language), language)
        return await self.advisor.myth(asker, rest, language)

    async def _help(self, asker: Asker, rest: str, language: Language) -> Reply | None:
        if rest and rest.lower() not in _HELP_TOPICS:
            return None
        return self.advisor.help(language, _HELP_TOPICS.get(rest.lower()) if rest else None)

    async def _forget(self, asker: Asker, rest: str, language: Language) -> Reply | None:
        if not rest:
            # Deleting everything needs a second word.
            return _told(Hint("forget.confirm", language, {"confirm": FORGET_YES}), language)
        if rest.lower() in _YES:
            return await self.advisor.forget_workspace(asker, language)
        return None

    async def _reminders(self, asker: Asker, rest: str, language: Language) -> Reply | None:
        if self.reminders is None:
            return _usage("reminders.unavailable", language)
        return await self.reminders.handle(asker, rest, language)

    async def _status(self, asker: Asker, rest: str, language: Language) -> Reply | None:
        if rest or self.status is None:
            return None
        lines = await self.status(language)
        return Notice(language, "info", t("status.title", language), lines, private=True)

    async def _insights(self, asker: Asker, rest: str, language: Language) -> Reply | None:
        if self.advisor.insights is None:
            return None
        return await self.advisor.insights.handle(
            asker.workspace, rest, language, is_admin=asker.is_admin
        )

    async def _knowledge(self, asker: Asker, rest: str, language: Language) -> Reply | None:
        """`knowledge`: the workspace's own entries; `knowledge remove <id>` (admins)."""
        team = self.advisor.team
        action, _, entry_id = rest.partition(" ")
        if rest and action.lower() not in _REMOVE:
            return None
        if team is None:
            return _usage("knowledge.unavailable", language)
        if not rest:
            return await team.listing(asker.workspace, language)
        entry_id = entry_id.strip()[:40]
        if asker.is_admin and not entry_id:
            return _usage("help.knowledge", language)
        return await team.remove_for(
            asker.workspace, entry_id, is_admin=asker.is_admin, language=language
        )

    async def _one_word(self, asker: Asker, text: str, language: Language) -> Reply:
        """One unknown word: more likely a mistyped command than a question."""
        match, reply = await self.advisor.consult(asker, text)
        if match.intent in {"entry", "greeting", "help"}:
            return reply
        help_notice = self.advisor.help(language)
        return Notice(
            language,
            "error",
            t("unknown.command", language, command=text[:40]),
            help_notice.lines,
            private=True,
        )

    async def _profile(self, asker: Asker, rest: str, language: Language) -> Reply:
        action, _, arguments = rest.partition(" ")
        action = action.lower()
        if action in {"", "show", "عرض"}:
            return await self.advisor.show_profile(asker, language)
        if action in {"set", "تعيين"}:
            changes = parse_assignments(arguments)
            return await self.advisor.update_profile(asker, changes, language)
        if action in {"reset", "clear", "مسح"}:
            return await self.advisor.reset_profile(asker, language)
        if "=" in rest:
            return await self.advisor.update_profile(asker, parse_assignments(rest), language)
        raise UserFacingError(t("profile.usage", language))
