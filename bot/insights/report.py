"""The team-insights report: what a workspace asked over a period, platform-neutral.

Built from `PeriodCounts` and the knowledge base; shown as a `Notice` (English or Arabic), as
JSON or CSV for operators, and as a bar chart (`bot.insights.chart`).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

from bot.i18n import VOCABULARY
from bot.insights.store import PeriodCounts
from bot.knowledge import KnowledgeBase
from bot.plurals import count_of, format_number
from bot.profiles import WorkspaceKey
from bot.replies import Notice
from bot.storage.base import iso_text
from bot.text import Language

DEFAULT_DAYS: Final = 30
MAX_DAYS: Final = 365
# A question shown in a chat reply is cut here; the CSV and JSON carry what was stored.
_SHOWN_CHARS: Final = 150


@dataclass(frozen=True, kw_only=True)
class EntryInsight:
    entry_id: str
    number: int | None
    title: str
    asked: int
    up: int
    down: int


@dataclass(frozen=True, kw_only=True)
class InsightsReport:
    workspace: WorkspaceKey
    language: Language
    days: int
    since: datetime
    until: datetime
    # Every entry of the knowledge base (and any since removed that was asked about), most
    # asked first, then in the knowledge base's order.
    entries: list[EntryInsight]
    declined: int
    declined_questions: list[tuple[str, int]]
    store_declined: bool
    reminders_sent: int
    reminders_skipped: int

    @property
    def answered(self) -> int:
        return sum(entry.asked for entry in self.entries)


def period(now: datetime, days: int) -> tuple[datetime, datetime]:
    return now - timedelta(days=days), now


def _entry_insights(
    counts: PeriodCounts, knowledge: KnowledgeBase, language: Language
) -> list[EntryInsight]:
    """Every entry, the most asked first (ties in the knowledge base's order); entries asked
    about and since removed come last, under their ids."""
    entries: list[EntryInsight] = []
    known = [entry.id for entry in knowledge.ordered()]
    gone = sorted((set(counts.asked) | set(counts.votes)) - set(known))
    for entry_id in [*known, *gone]:
        entry = knowledge.entries.get(entry_id)
        up, down = counts.votes.get(entry_id, (0, 0))
        entries.append(
            EntryInsight(
                entry_id=entry_id,
                number=entry.number if entry is not None else None,
                title=entry.text(language).title if entry is not None else entry_id,
                asked=counts.asked.get(entry_id, 0),
                up=up,
                down=down,
            )
        )
    order = {entry_id: place for place, entry_id in enumerate([*known, *gone])}
    entries.sort(key=lambda item: (-item.asked, order[item.entry_id]))
    return entries


def build_report(
    counts: PeriodCounts,
    *,
    workspace: WorkspaceKey,
    knowledge: KnowledgeBase,
    language: Language,
    days: int,
    since: datetime,
    until: datetime,
    store_declined: bool,
) -> InsightsReport:
    entries = _entry_insights(counts, knowledge, language)
    return InsightsReport(
        workspace=workspace,
        language=language,
        days=days,
        since=since,
        until=until,
        entries=entries,
        declined=counts.declined,
        declined_questions=counts.declined_questions,
        store_declined=store_declined,
        reminders_sent=counts.reminders_sent,
        reminders_skipped=counts.reminders_skipped,
    )


def phrase(key: str, language: Language, **values: object) -> str:
    """A sentence under `[insights]` in the vocabulary, filled (Latin left as it is: the
    report's commands stand in backticks)."""
    return VOCABULARY.format(key, language, **values)


def report_notice(report: InsightsReport, *, consent_on: str, consent_off: str) -> Notice:
    """The report as a private notice; `consent_on`/`consent_off` are how this platform's
    admins change the consent (a text command or a slash-command option)."""
    lang = report.language
    title = (
        phrase("insights.title_one", lang)
        if report.days == 1
        else phrase("insights.title", lang, days=count_of(report.days, "day", lang, case="gen"))
    )
    answered, declined = format_number(report.answered, lang), format_number(report.declined, lang)
    lines = [
        phrase("insights.questions", lang, answered=answered, declined=declined),
        *_entry_lines(report),
        *_declined_lines(report, consent_on=consent_on, consent_off=consent_off),
        phrase(
            "insights.reminders",
            lang,
            sent=format_number(report.reminders_sent, lang),
            skipped=format_number(report.reminders_skipped, lang),
        ),
    ]
    return Notice(lang, "info", title, lines, private=True)


def _entry_lines(report: InsightsReport) -> list[str]:
    """What the team asks about most: each entry asked about or voted on, with its counts."""
    lang = report.language
    lines = [phrase("insights.most", lang)]
    shown = [entry for entry in report.entries if entry.asked or entry.up or entry.down]
    if not shown:
        lines.append(phrase("insights.nothing", lang))
    for entry in shown:
        name = f"#{entry.number} {entry.title}" if entry.number is not None else entry.title
        lines.append(
            phrase(
                "insights.entry",
                lang,
                title=name,
                asked=format_number(entry.asked, lang),
                up=format_number(entry.up, lang),
                down=format_number(entry.down, lang),
            )
        )
    return lines


def _declined_lines(report: InsightsReport, *, consent_on: str, consent_off: str) -> list[str]:
    """What was declined (when the team agreed to keep it), and how to change that."""
    lang = report.language
    lines = [phrase("insights.declined.title", lang)]
    for question, times in report.declined_questions:
        cut = question if len(question) <= _SHOWN_CHARS else question[: _SHOWN_CHARS - 1] + "…"
        lines.append(
            phrase("insights.declined.item", lang, question=cut, times=format_number(times, lang))
        )
    if report.store_declined and not report.declined_questions:
        lines.append(phrase("insights.declined.none", lang))
    if report.store_declined:
        lines.append(phrase("insights.declined.on", lang, how=consent_off))
    else:
        lines.append(phrase("insights.declined.off", lang, how=consent_on))
    return lines


def chart_alt_text(report: InsightsReport) -> str:
    """What the chart shows, in words, for screen readers (the chart itself has no words in
    Arabic: see `bot.insights.chart`)."""
    lang = report.language
    separator = "، " if lang == "ar" else ", "
    items = separator.join(
        f"#{entry.number} {entry.title}: {format_number(entry.asked, lang)}"
        if entry.number is not None
        else f"{entry.title}: {format_number(entry.asked, lang)}"
        for entry in report.entries
        if entry.asked
    )
    return phrase(
        "insights.chart.alt",
        lang,
        items=items or phrase("insights.chart.none", lang),
        declined=format_number(report.declined, lang),
    )


def report_json(report: InsightsReport) -> dict[str, object]:
    return {
        "platform": report.workspace.platform,
        "workspace_id": report.workspace.workspace_id,
        "days": report.days,
        "since": iso_text(report.since),
        "until": iso_text(report.until),
        "answered": report.answered,
        "declined": report.declined,
        "store_declined": report.store_declined,
        "entries": [
            {
                "entry_id": entry.entry_id,
                "number": entry.number,
                "title": entry.title,
                "asked": entry.asked,
                "up": entry.up,
                "down": entry.down,
            }
            for entry in report.entries
        ],
        "declined_questions": [
            {"question": question, "times": times} for question, times in report.declined_questions
        ],
        "reminders": {"sent": report.reminders_sent, "skipped": report.reminders_skipped},
    }


def report_csv(report: InsightsReport) -> str:
    """One row per figure: `section,key,label,value`, so a spreadsheet can pivot it."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["section", "key", "label", "value"])
    writer.writerow(["period", "since", "", iso_text(report.since)])
    writer.writerow(["period", "until", "", iso_text(report.until)])
    writer.writerow(["questions", "answered", "", report.answered])
    writer.writerow(["questions", "declined", "", report.declined])
    for entry in report.entries:
        for key, value in (("asked", entry.asked), ("up", entry.up), ("down", entry.down)):
            writer.writerow([f"entry:{entry.entry_id}", key, _cell(entry.title), value])
    for question, times in report.declined_questions:
        writer.writerow(["declined_question", "times", _cell(question), times])
    writer.writerow(["reminders", "sent", "", report.reminders_sent])
    writer.writerow(["reminders", "skipped", "", report.reminders_skipped])
    return out.getvalue()


def _cell(text: str) -> str:
    """Text a spreadsheet will not run as a formula (a question may start with = + - @)."""
    return "'" + text if text[:1] in {"=", "+", "-", "@", "\t", "\r"} else text
