"""The `status` command's lines: version, uptime, adapters, and the next reminder."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime, timedelta

from bot import __version__
from bot.bidi import isolate_latin
from bot.commands import StatusProvider
from bot.i18n import join_list, label, t
from bot.plurals import format_duration
from bot.ports import Clock
from bot.text import Language

NextReminder = Callable[[], Awaitable[datetime | None]]


def format_uptime(elapsed: timedelta, language: Language = "en") -> str:
    """In words, in the reader's language: "1 minute and 15 seconds", "دقيقة واحدة و15 ثانية"."""
    return format_duration(elapsed, language)


def status_provider(
    *,
    clock: Clock,
    adapters: Sequence[str] = (),
    next_reminder: NextReminder | None = None,
) -> StatusProvider:
    """A `CommandRouter.status` hook; the start time is when this is called."""
    started = clock.now()

    async def lines(language: Language) -> list[str]:
        names = [label(adapter, language) for adapter in adapters]
        shown = join_list(names, language) if names else t("status.none", language)
        result = [
            f"{t('status.version', language)}: {__version__}",
            f"{t('status.uptime', language)}: {format_uptime(clock.now() - started, language)}",
            f"{t('status.adapters', language)}: {shown}",
        ]
        if next_reminder is not None:
            due = await next_reminder()
            when = (
                due.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
                if due is not None
                else t("status.no_next", language)
            )
            result.append(f"{t('status.next', language)}: {when}")
        return [isolate_latin(line) for line in result] if language == "ar" else result

    return lines
