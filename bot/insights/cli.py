"""`python -m bot insights`: one workspace's insights for operators, as CSV, JSON or a PNG chart
(the options are defined in `bot.cli`, which stays quick to import).

Operators hold the database, so no admin check applies; the workspace is named explicitly.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from bot.insights.report import MAX_DAYS, report_csv, report_json

if TYPE_CHECKING:
    from bot.storage import DatabaseTarget


async def run(args: argparse.Namespace, database: DatabaseTarget) -> int:
    from bot.app import open_core
    from bot.insights.service import Insights
    from bot.insights.store import InsightsStore
    from bot.profiles import WorkspaceKey
    from bot.settings import CoreSettings

    if not 1 <= args.days <= MAX_DAYS:
        print(f"--days must be between 1 and {MAX_DAYS}; got {args.days}.", file=sys.stderr)
        return 2
    if args.format == "png" and args.output is None and sys.stdout.isatty():
        print("A PNG is not for the terminal: add --output FILE or redirect.", file=sys.stderr)
        return 2
    key = WorkspaceKey(args.platform, args.target_workspace)
    async with open_core(database, cache_dir=CoreSettings().cache_dir) as core:
        insights = Insights(
            InsightsStore(core.database, core.clock), core.knowledge, core.clock, team=core.team
        )
        report = await insights.report(key, args.language, args.days)
    if args.format == "png":
        from bot.insights.chart import render_png

        data = render_png(report)
    elif args.format == "csv":
        data = report_csv(report).encode("utf-8")
    else:
        text = json.dumps(report_json(report), ensure_ascii=False, indent=2) + "\n"
        data = text.encode("utf-8")
    if args.output is not None:
        await asyncio.to_thread(Path(args.output).write_bytes, data)
        print(f"Wrote {args.output} ({len(data)} bytes) for {key}.", file=sys.stderr)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    return 0
