"""The insights report as a PNG bar chart: questions per entry, with 👍/👎 beside each bar.

Drawn with Pillow's bundled font, which has Latin glyphs only and no Arabic shaping, so the
chart is labelled in English (entry numbers and titles) whatever the report's language.
"""

from __future__ import annotations

import hashlib
import io
from typing import Final

from PIL import Image, ImageDraw, ImageFont

from bot.insights.report import InsightsReport

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
_STYLE: Final = "1"


def chart_size(report: InsightsReport) -> tuple[int, int]:
    """One row per entry and one for declined questions."""
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
    footer = (
        f"Answered {report.answered}, declined {report.declined}. "
        f"Reminders sent {report.reminders_sent}, skipped {report.reminders_skipped}."
    )
    draw.text((20, size[1] - _BOTTOM + 16), footer, fill=_MUTED, font=font)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


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
