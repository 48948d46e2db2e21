"""`python -m bot insights` as an operator runs it: CSV, JSON and a PNG chart that opens."""

from __future__ import annotations

import asyncio
import csv
import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PIL import Image

from bot.advisor import Asker
from bot.app import open_core
from bot.knowledge import KnowledgeBase
from bot.matcher import Matcher
from bot.profiles import WorkspaceKey
from tests.core.test_cli import run_bot
from tests.storage.test_insights_store import seed_occurrence, seed_reminder

TEAM = WorkspaceKey("slack", "T1")
OTHER = WorkspaceKey("slack", "T2")


def seed(database: Path, knowledge: KnowledgeBase, matcher: Matcher) -> None:
    async def run() -> None:
        async with open_core(database, knowledge=knowledge, matcher=matcher) as core:
            member = Asker(TEAM, user_id="U1")
            for question in ("do I need lots of followers?", "do we need many followers?"):
                await core.advisor.ask(member, question)
            await core.advisor.ask(member, "can we sell on social media?")
            await core.advisor.ask(member, "how do I bake bread?")
            await core.advisor.ask(Asker(OTHER, user_id="U9"), "the other team's secret?")
            await core.advisor.record_feedback(member, answer_ref="a", entry_id="4", vote="up")
            now = datetime.now(UTC)
            reminder = await seed_reminder(core.database, TEAM, now)
            for days, state in ((1, "sent"), (8, "sent"), (15, "skipped")):
                moment = now - timedelta(days=days)
                await seed_occurrence(core.database, TEAM, reminder, moment, state)

    asyncio.run(run())


def test_csv_json_and_png_carry_the_numbers(
    tmp_path: Path, knowledge: KnowledgeBase, matcher: Matcher
) -> None:
    seed(tmp_path / "bot.sqlite3", knowledge, matcher)
    where = ("--platform", "slack", "--workspace", "T1")

    as_json = run_bot("insights", *where, "--format", "json", tmp_path=tmp_path)
    as_csv = run_bot("insights", *where, "--format", "csv", "--days", "7", tmp_path=tmp_path)
    chart = tmp_path / "insights.png"
    as_png = run_bot(
        "insights", *where, "--format", "png", "--output", str(chart), tmp_path=tmp_path
    )

    assert as_json.returncode == 0, as_json.stderr
    report = json.loads(as_json.stdout)
    assert (report["answered"], report["declined"]) == (3, 1)
    entries = {entry["entry_id"]: entry for entry in report["entries"]}
    assert entries["4"] == {
        "entry_id": "4",
        "number": 4,
        "title": "You need lots of followers",
        "asked": 2,
        "up": 1,
        "down": 0,
    }
    assert entries["2"]["asked"] == 1
    assert report["entries"][0]["entry_id"] == "4"  # most asked first
    assert report["declined_questions"] == [{"question": "how do I bake bread?", "times": 1}]
    assert report["reminders"] == {"sent": 2, "skipped": 1}
    assert "secret" not in as_json.stdout

    assert as_csv.returncode == 0, as_csv.stderr
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    figures = {(row["section"], row["key"]): row["value"] for row in rows}
    assert figures[("entry:4", "asked")] == "2"
    assert figures[("reminders", "sent")] == "1"  # only the last 7 days
    assert figures[("reminders", "skipped")] == "0"

    assert as_png.returncode == 0, as_png.stderr
    with Image.open(chart) as image:
        assert image.format == "PNG"
        # One row per entry of the knowledge base, and one for declined questions.
        assert image.size == (900, 70 + 34 * (len(knowledge.entries) + 1) + 50)
        rgb = image.convert("RGB")
        bar = (54, 110, 180)
        # Rows in order: #4 (asked 2: a bar), #2 (asked 1: a bar), then one never asked.
        # Bars start at x=330; the figures are written after them, from x=338 for no bar.
        assert rgb.getpixel((334, 70 + 17)) == bar
        assert rgb.getpixel((334, 70 + 34 + 17)) == bar
        assert rgb.getpixel((334, 70 + 2 * 34 + 17)) == (255, 255, 255)
        assert rgb.getpixel((330 + 370, 70 + 17)) == bar  # the longest bar is the most asked
        assert rgb.getpixel((330 + 370, 70 + 34 + 17)) == (255, 255, 255)


def test_bad_options_are_refused_with_the_reason(tmp_path: Path) -> None:
    where = ("--platform", "slack", "--workspace", "T1")

    too_long = run_bot("insights", *where, "--days", "1000", tmp_path=tmp_path)
    unknown = run_bot("insights", *where, "--format", "pdf", tmp_path=tmp_path)

    assert too_long.returncode == 2
    assert "--days must be between 1 and 365" in too_long.stderr
    assert unknown.returncode == 2
    assert "invalid choice: 'pdf'" in unknown.stderr
