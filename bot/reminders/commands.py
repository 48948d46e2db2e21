"""`reminders …` text commands (console, Slack `/advisor`), implementing `ReminderCommands`.

    reminders add monday 09:00 [Europe/Berlin] [#channel] [note …]
    reminders list
    reminders pause <id> · reminders resume <id> · reminders remove <id>

Anyone may list; only admins may change. The channel defaults to where the command was typed
(the console's channel is "console").
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from bot.advisor import Asker
from bot.discovery import adapter_named
from bot.errors import InvalidInput, NotPermitted
from bot.hints import Command, Hint
from bot.i18n import LANGUAGES, t
from bot.profiles import WorkspaceKey
from bot.reminders import suggestions
from bot.reminders.messages import reason_text, weekday_name
from bot.reminders.model import Reminder
from bot.reminders.parsing import looks_like_zone, parse_channel, parse_reminder_id
from bot.reminders.service import ReminderService
from bot.replies import Notice, Reply
from bot.text import Language

CONSOLE_CHANNEL = "console"

_ADD = {"add", "new", "create", "أضف", "اضف", "إضافة", "اضافة"}
_LIST = {"", "list", "ls", "show", "عرض", "قائمة", "القائمة"}
_PAUSE = {"pause", "stop", "أوقف", "اوقف", "إيقاف", "ايقاف"}
_RESUME = {"resume", "start", "unpause", "استأنف", "استئناف"}
_REMOVE = {"remove", "delete", "rm", "del", "احذف", "حذف"}
_HALF_DAY = {"am", "pm", "a.m.", "p.m.", "ص", "م"}


class ReminderTextCommands:
    def __init__(self, *, service: ReminderService) -> None:
        self._service = service

    async def handle(self, asker: Asker, arguments: str, language: Language) -> Reply:
        action, _, rest = arguments.strip().partition(" ")
        action = action.lower()
        rest = rest.strip()
        if action in _LIST and not rest:
            return await self.list_reminders(asker, language)
        if action in _ADD:
            _require_admin(asker, language)
            return await self._add(asker, rest, language)
        if action in _PAUSE | _RESUME | _REMOVE and rest:
            _require_admin(asker, language)
            reminder_id = parse_reminder_id(rest, language=language)
            workspace = asker.workspace
            if action in _PAUSE:
                reminder = await self._service.pause(
                    workspace, reminder_id, paused_by=asker.user_id, language=language
                )
                return _confirm("reminders.paused.title", reminder, language)
            if action in _RESUME:
                reminder = await self._service.resume(workspace, reminder_id, language=language)
                return _confirm("reminders.resumed.title", reminder, language)
            await self._service.remove(workspace, reminder_id, language=language)
            return Notice(
                language,
                "confirm",
                t("reminders.removed.title", language, id=reminder_id),
                private=True,
            )
        raise InvalidInput(t("reminders.usage", language), field="command")

    async def _add(self, asker: Asker, text: str, language: Language) -> Notice:
        words = text.split()
        if len(words) < 2:
            raise InvalidInput(t("reminders.usage", language), field="command")
        weekday, time_text, rest = words[0], words[1], words[2:]
        if rest and rest[0].lower() in _HALF_DAY:  # "9 am"
            time_text, rest = time_text + rest[0], rest[1:]
        zone: str | None = None
        if rest and looks_like_zone(rest[0]):
            zone, rest = rest[0], rest[1:]
        channel = _default_channel(asker)
        if rest and (mentioned := parse_channel(rest[0])) is not None:
            channel, rest = mentioned, rest[1:]
        if channel is None:
            raise InvalidInput(t("reminders.no_channel", language), field="channel")
        reminder = await self._service.create(
            asker.workspace,
            channel_id=channel,
            weekday=weekday,
            time=time_text,
            timezone=zone,
            note=" ".join(rest) or None,
            created_by=asker.user_id,
            language=language,
        )
        confirmation = _confirm("reminders.added.title", reminder, language)
        twins = [
            other.id
            for other in await self._service.list_reminders(asker.workspace)
            if other.id != reminder.id and _same_slot(other, reminder)
        ]
        if twins:
            # Kept (two notes at one time can be deliberate), but worth a second look.
            warning = t("reminders.added.duplicate", language, id=twins[0], new=reminder.id)
            confirmation = replace(confirmation, lines=[*confirmation.lines, warning])
        return confirmation

    async def list_reminders(self, asker: Asker, language: Language) -> Notice:
        """The workspace's reminders; anyone may list them."""
        reminders = await self._service.list_reminders(asker.workspace)
        if not reminders:
            return Notice(
                language,
                "info",
                t("reminders.list.title", language),
                [_EMPTY_HINT[language]],
            )
        lines: list[str] = []
        for reminder in reminders:
            lines += describe(reminder, language)
        lines.append(_footer(language))
        return Notice(language, "info", t("reminders.list.title", language), lines)


_EXAMPLE = Command(
    "reminders add", (("weekday", "monday"), ("time", "09:00"), ("timezone", "Europe/Berlin"))
)
_EMPTY_HINT = {
    language: Hint("reminders.list.empty", language, {"command": _EXAMPLE})
    for language in LANGUAGES
}


def _footer(language: Language) -> Hint:
    """What to do with one reminder of the list, by its number."""
    by_number = (("reminder", None),)
    return Hint(
        "reminders.list.footer",
        language,
        {
            "pause": Command("reminders pause", by_number),
            "resume": Command("reminders resume", by_number),
            "remove": Command("reminders remove", by_number),
        },
    )


def describe(reminder: Reminder, language: Language) -> list[str]:
    """A reminder as list lines: schedule and status, next run (local and UTC), note."""
    lines = [
        t(
            "reminders.list.item",
            language,
            id=reminder.id,
            weekday=weekday_name(reminder.weekday, language),
            time=reminder.at.strftime("%H:%M"),
            zone=reminder.timezone,
            channel=_channel(reminder.workspace, reminder.channel_id),
            status=_status(reminder, language),
        )
    ]
    if reminder.status == "active":
        lines.append(
            "   "
            + t(
                "reminders.list.next",
                language,
                local=_when(reminder.next_run_local, language, with_zone=True),
                utc=_when(reminder.next_run_utc, language, with_zone=False),
            )
        )
    if reminder.note:
        lines.append("   " + t("reminders.list.note", language, note=reminder.note))
    return lines


def _same_slot(one: Reminder, other: Reminder) -> bool:
    return (one.channel_id, one.weekday, one.at, one.timezone) == (
        other.channel_id,
        other.weekday,
        other.at,
        other.timezone,
    )


def _status(reminder: Reminder, language: Language) -> str:
    if reminder.status == "active":
        return t("reminders.status.active", language)
    if reminder.pause_kind == "platform":
        detail = reason_text(reminder.pause_detail, language)
        return t("reminders.status.failed", language, detail=detail, id=reminder.id)
    if reminder.pause_kind == "uninstalled":
        return t("reminders.status.uninstalled", language)
    if reminder.workspace.platform == "console":
        return t("reminders.status.paused", language)  # one person at one terminal: no "by whom"
    who = _user(reminder.workspace, reminder.pause_detail or "?")
    return t("reminders.status.paused_by", language, who=who)


def _when(moment: datetime, language: Language, *, with_zone: bool) -> str:
    text = f"{weekday_name(moment.weekday(), language)} {moment:%Y-%m-%d %H:%M}"
    return f"{text} {moment.tzname()}" if with_zone else text


def _channel(workspace: WorkspaceKey, channel_id: str) -> str:
    """In the platform's own syntax (`Adapter.channel_reference`)."""
    adapter = adapter_named(workspace.platform)
    return adapter.channel_reference(channel_id) if adapter else f"#{channel_id}"


def _user(workspace: WorkspaceKey, user_id: str) -> str:
    adapter = adapter_named(workspace.platform)
    return adapter.user_reference(user_id) if adapter else user_id


def _default_channel(asker: Asker) -> str | None:
    if asker.channel_id:
        return asker.channel_id
    return CONSOLE_CHANNEL if asker.workspace.platform == "console" else None


def _confirm(key: str, reminder: Reminder, language: Language) -> Notice:
    return Notice(
        language,
        "confirm",
        t(key, language, id=reminder.id),
        describe(reminder, language),
        private=True,
    )


def _require_admin(asker: Asker, language: Language) -> None:
    if not asker.is_admin:
        raise NotPermitted(suggestions.not_permitted(language))
