"""The insights report as a PNG bar chart: questions per entry, with 👍/👎 beside each bar.

Drawn with Pillow's bundled font, which has Latin glyphs only: no Arabic letters, no emoji. A
font with Arabic and Pillow's complex layout (libraqm with FriBiDi) are not there in the slim
container image, and Arabic drawn without them comes out as boxes or unjoined letters in the
wrong order. So an English report's chart carries English words, and an Arabic report's chart
carries none: it is laid out right to left with entry numbers (#4), figures, and drawn ▲/▼
marks for 👍/👎, while the words (title, legend, the entries' titles) stay in the text around
it, which Slack shapes properly (adapters/slack/blocks.py, `chart_legend`).
"""

from __future__ import annotations

import hashlib
import io
from typing import Final

from PIL import Image, ImageDraw, ImageFont

from bot.i18n import t
from bot.insights.report import InsightsReport, phrase
from bot.text import Language

WIDTH: Final = 900
_ROW: Final = 34
_TOP: Final = 70
_BOTTOM: Final = 50
_LABEL_WIDTH: Final = 330
_BAR_MAX: Final = 380
_BACKGROUND: Final = (255, 255, 255)
_INK: Final = (33, 37, 41)
_MUTED: Final = (108, 117, 125)
_BAR: Final = (54, 110, 180)
_DECLINED: Final = (173, 181, 189)
# Part of every digest: bump it when the drawing changes, so charts already uploaded somewhere
# (Slack's App Home keeps one per workspace) are drawn again.
_STYLE: Final = "2"
# The wordless right-to-left chart (Arabic reports): no title or footer, narrow labels.
_RTL_MARGIN: Final = 20
_RTL_LABEL_WIDTH: Final = 100
_RTL_BAR_MAX: Final = 560
_UP: Final = (47, 133, 90)
_DOWN: Final = (201, 72, 72)


def wordless(language: Language) -> bool:
    """Whether the chart for `language` is drawn without words (see the module's docstring)."""
    return language == "ar"


def chart_legend(report: InsightsReport) -> str | None:
    """What a wordless chart's marks mean, for the text beside it; None when it has words."""
    return phrase("insights.chart.legend", report.language) if wordless(report.language) else None


def chart_size(report: InsightsReport) -> tuple[int, int]:
    """One row per entry and one for declined questions."""
    if wordless(report.language):
        return WIDTH, 2 * _RTL_MARGIN + _ROW * (len(report.entries) + 1)
    return WIDTH, _TOP + _ROW * (len(report.entries) + 1) + _BOTTOM


def chart_digest(report: InsightsReport) -> str:
    """Everything the chart draws, hashed: equal digests draw the same picture, so a chart
    uploaded once can be shown again until a figure changes (the period's dates are not drawn)."""
    parts = [_STYLE, report.language, str(report.days), str(report.declined)]
    parts += [str(report.reminders_sent), str(report.reminders_skipped)]
    for entry in report.entries:
        parts += [entry.entry_id, str(entry.number), entry.title]
        parts += [str(entry.asked), str(entry.up), str(entry.down)]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]


def render_png(report: InsightsReport) -> bytes:
    image = _right_to_left(report) if wordless(report.language) else _left_to_right(report)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _right_to_left(report: InsightsReport) -> Image.Image:
    """Bars grow leftwards from a column of entry numbers on the right; each bar is followed
    (further left) by its count, then ▲ and the 👍 count, ▼ and the 👎 count."""
    size = chart_size(report)
    image = Image.new("RGB", size, _BACKGROUND)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=14)
    most = max([report.declined, *(entry.asked for entry in report.entries)])
    rows: list[tuple[str, int, tuple[int, int] | None, tuple[int, int, int]]] = [
        (_number_label(entry.number, entry.entry_id), entry.asked, (entry.up, entry.down), _BAR)
        for entry in report.entries
    ]
    rows.append(("?", report.declined, None, _DECLINED))  # the legend names the grey bar
    start = WIDTH - _RTL_LABEL_WIDTH
    for row, (label, count, votes, colour) in enumerate(rows):
        top = _RTL_MARGIN + row * _ROW
        label = _fit(draw, label, font, _RTL_LABEL_WIDTH - _RTL_MARGIN - 8)
        draw.text((WIDTH - _RTL_MARGIN, top + 6), label, fill=_INK, font=font, anchor="ra")
        length = round(_RTL_BAR_MAX * count / most) if most else 0
        if length:
            draw.rectangle((start - length, top + 4, start, top + _ROW - 8), fill=colour)
        x: float = start - length - 8
        x = _text_leftwards(draw, x, top, str(count), font, _MUTED) - 18
        if votes is None:
            continue
        for figure, pointing_up, mark in ((votes[0], True, _UP), (votes[1], False, _DOWN)):
            _triangle(draw, x, top + 7, pointing_up=pointing_up, fill=mark)
            x = _text_leftwards(draw, x - 14, top, str(figure), font, _MUTED) - 14
    return image


def _number_label(number: int | None, entry_id: str) -> str:
    """`#4`; an entry without a number (a workspace's own) by its id when the font can draw
    it."""
    if number is not None:
        return f"#{number}"
    return entry_id if entry_id.isascii() and entry_id.isprintable() else "*"


def _text_leftwards(
    draw: ImageDraw.ImageDraw,
    right: float,
    top: int,
    text: str,
    font: ImageFont.FreeTypeFont | ImageFont.ImageFont,
    fill: tuple[int, int, int],
) -> float:
    """Draws `text` ending at `right`; returns where it begins."""
    draw.text((right, top + 6), text, fill=fill, font=font, anchor="ra")
    return right - draw.textlength(text, font=font)


def _triangle(
    draw: ImageDraw.ImageDraw,
    right: float,
    top: int,
    *,
    pointing_up: bool,
    fill: tuple[int, int, int],
) -> None:
    """A 10 x 9 px ▲ or ▼ ending at `right` (the font has neither glyph)."""
    left, bottom = right - 10, top + 9
    if pointing_up:
        points = [(left, bottom), (right, bottom), ((left + right) / 2, top)]
    else:
        points = [(left, top), (right, top), ((left + right) / 2, bottom)]
    draw.polygon(points, fill=fill)


def _left_to_right(report: InsightsReport) -> Image.Image:
    size = chart_size(report)
    image = Image.new("RGB", size, _BACKGROUND)
    draw = ImageDraw.Draw(image)
    title_font = ImageFont.load_default(size=20)
    font = ImageFont.load_default(size=14)
    title = f"Questions per entry, last {report.days} day{'s' if report.days != 1 else ''}"
    draw.text((20, 18), title, fill=_INK, font=title_font)
    most = max([report.declined, *(entry.asked for entry in report.entries)])
    rows = [
        (
            (f"#{entry.number} " if entry.number is not None else "")
            + _latin(entry.title, entry.entry_id),
            entry.asked,
            f"up {entry.up} / down {entry.down}",
            _BAR,
        )
        for entry in report.entries
    ]
    rows.append(("Declined (outside the advice)", report.declined, "", _DECLINED))
    for row, (label, count, votes, colour) in enumerate(rows):
        top = _TOP + row * _ROW
        draw.text((20, top + 6), _fit(draw, label, font, _LABEL_WIDTH - 30), fill=_INK, font=font)
        length = round(_BAR_MAX * count / most) if most else 0
        left = _LABEL_WIDTH
        if length:
            draw.rectangle((left, top + 4, left + length, top + _ROW - 8), fill=colour)
        draw.text((left + length + 8, top + 6), f"{count}   {votes}", fill=_MUTED, font=font)
    # The drawn chart is English only: the built-in font has no Arabic letters.
    footer = t(
        "insights.chart_footer",
        "en",
        answered=report.answered,
        declined=report.declined,
        sent=report.reminders_sent,
        skipped=report.reminders_skipped,
    )
    draw.text((20, size[1] - _BOTTOM + 16), footer, fill=_MUTED, font=font)
    return image


def _latin(title: str, fallback: str) -> str:
    """The title when the bundled font can draw it, else the entry id (an Arabic title)."""
    return fallback if any("\u0600" <= char <= "\u06ff" for char in title) else title


def _fit(
    draw: ImageDraw.ImageDraw,
    text: str,
    font: ImageFont.FreeTypeFont | ImageFont.ImageFont,
    width: int,
) -> str:
    if draw.textlength(text, font=font) <= width:
        return text
    while text and draw.textlength(text + "...", font=font) > width:
        text = text[:-1]
    return text.rstrip() + "..."
