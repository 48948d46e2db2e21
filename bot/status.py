"""The `status` command's lines: version, uptime, adapters, and the next reminder."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime, timedelta

from bot import __version__
from bot.bidi import isolate_latin
from bot.commands import StatusProvider
from bot.i18n import join_list, label
from bot.plurals import format_duration
from bot.ports import Clock
from bot.text import Language

NextReminder = Callable[[], Awaitable[datetime | None]]

_LABELS: dict[Language, dict[str, str]] = {
    "en": {
        "version": "Version",
        "uptime": "Up for",
        "adapters": "Connected to",
        "none": "none (console)",
        "next": "Next reminder",
        "no_next": "none scheduled",
    },
    "ar": {
        "version": "الإصدار",
        "uptime": "مدة التشغيل",
        "adapters": "المنصات المتصلة",
        "none": "لا شيء (الطرفية)",
        "next": "التذكير القادم",
        "no_next": "لا توجد تذكيرات مجدولة",
    },
}


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
        words = _LABELS[language]
        names = [label(adapter, language) for adapter in adapters]
        shown = join_list(names, language) if names else words["none"]
        result = [
            f"{words['version']}: {__version__}",
            f"{words['uptime']}: {format_uptime(clock.now() - started, language)}",
            f"{words['adapters']}: {shown}",
        ]
        if next_reminder is not None:
            due = await next_reminder()
            when = (
                due.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
                if due is not None
                else words["no_next"]
            )
            result.append(f"{words['next']}: {when}")
        return [isolate_latin(line) for line in result] if language == "ar" else result

    return lines
