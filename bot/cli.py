"""`python -m bot …`: ask, match, console, run, and the operator commands."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from bot import __version__
from bot.errors import AdvisorError, ConfigurationError, KnowledgeError

if TYPE_CHECKING:
    from bot.matcher import Match


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bot",
        description="A social-media advisor for Slack, Discord and the terminal.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--workspace", default="local", help="profile to use (console workspace)")
    parser.add_argument("--database", type=Path, help="SQLite file (default: DATABASE_PATH)")
    sub = parser.add_subparsers(dest="command")

    ask = sub.add_parser("ask", help="answer one question")
    ask.add_argument("--json", action="store_true", help="print one JSON object")
    ask.add_argument("question", nargs="+")

    sub.add_parser("match", help="one question per line in, one JSON object per line out")
    sub.add_parser("console", help="chat in the terminal")
    sub.add_parser("run", help="start the configured adapters (the console when none are)")
    sub.add_parser("doctor", help="check configuration, database and knowledge")

    export = sub.add_parser("export", help="print a workspace's data as JSON")
    export.add_argument("--platform", default="console", help="console, slack or discord")
    forget = sub.add_parser("forget", help="delete everything stored for a workspace")
    forget.add_argument("--platform", default="console", help="console, slack or discord")
    forget.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    for command in (export, forget):
        command.add_argument("--workspace", dest="target_workspace", required=True)

    discord = sub.add_parser("discord", help="Discord operator commands (sync, invite)")
    discord.add_argument("discord_args", nargs=argparse.REMAINDER)
    return parser


def _match_json(match_result: Match, answer_text: str | None = None) -> dict[str, object]:
    row: dict[str, object] = {
        "id": match_result.entry_id,
        "confidence": match_result.confidence,
        "language": match_result.language,
        "intent": match_result.intent,
        "alternatives": match_result.alternatives,
    }
    if answer_text is not None:
        row["answer"] = answer_text
    return row


def _cmd_match() -> int:
    from bot.app import build_matcher
    from bot.settings import CoreSettings

    core = CoreSettings()
    _, matcher = build_matcher(core.knowledge_extra_dir, core.cache_dir)
    out = sys.stdout
    for line in sys.stdin:
        question = line.rstrip("\n")
        out.write(json.dumps(_match_json(matcher.match(question)), ensure_ascii=False) + "\n")
    out.flush()
    return 0


async def _cmd_ask(args: argparse.Namespace, database: Path) -> int:
    from bot.advisor import Asker
    from bot.app import open_core
    from bot.profiles import WorkspaceKey
    from bot.render_text import render_plain
    from bot.settings import CoreSettings

    question = " ".join(args.question)
    settings = CoreSettings()
    async with open_core(
        database, extra_dir=settings.knowledge_extra_dir, cache_dir=settings.cache_dir
    ) as core:
        asker = Asker(WorkspaceKey("console", args.workspace), is_admin=True)
        match, reply = await core.advisor.consult(asker, question)
        text = render_plain(reply)
        if args.json:
            row = _match_json(match, text)
            print(json.dumps(row, ensure_ascii=False))
        else:
            print(text)
    return 0


async def _cmd_console(args: argparse.Namespace, database: Path) -> int:
    # The same console as `run` without tokens: reminders fire while it is open.
    from bot.runner import run_console_mode
    from bot.settings import load_settings

    settings = load_settings()
    settings.core.database_path = database
    return await run_console_mode(settings, workspace_id=args.workspace)


async def _cmd_export(args: argparse.Namespace, database: Path) -> int:
    from bot.app import open_core
    from bot.profiles import WorkspaceKey
    from bot.settings import CoreSettings

    async with open_core(database, cache_dir=CoreSettings().cache_dir) as core:
        key = WorkspaceKey(args.platform, args.target_workspace)
        data = await core.store.export_workspace(key)
    print(json.dumps(data, ensure_ascii=False, indent=2, default=str))
    return 0


async def _cmd_forget(args: argparse.Namespace, database: Path) -> int:
    from bot.app import open_core
    from bot.profiles import WorkspaceKey
    from bot.settings import CoreSettings

    key = WorkspaceKey(args.platform, args.target_workspace)
    async with open_core(database, cache_dir=CoreSettings().cache_dir) as core:
        count = await core.store.forget_workspace(key)
    print(f"Deleted {count} records for {key}.")
    return 0


def _confirm_forget(args: argparse.Namespace) -> bool:
    if args.yes:
        return True
    target = f"{args.platform}:{args.target_workspace}"
    if not sys.stdin.isatty():
        print("Refusing to delete without --yes when not run interactively.", file=sys.stderr)
        return False
    answer = input(f"Delete everything stored for {target}? Type 'yes': ")
    if answer.strip().lower() != "yes":
        print("Nothing deleted.")
        return False
    return True


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    command = args.command or "run"
    try:
        if command == "match":
            return _cmd_match()
        if command == "discord":
            from adapters.discord.cli import main as discord_main

            return discord_main(args.discord_args)
        if command == "doctor":
            from bot.doctor import main as doctor_main

            return doctor_main()
        from bot.settings import CoreSettings, load_settings

        if command == "run":
            from bot.runner import run

            settings = load_settings()
            if args.database:
                settings.core.database_path = args.database
            return asyncio.run(run(settings, workspace_id=args.workspace))
        database = args.database or CoreSettings().database_path
        if command == "forget" and not _confirm_forget(args):
            return 1
        handlers = {
            "ask": _cmd_ask,
            "console": _cmd_console,
            "export": _cmd_export,
            "forget": _cmd_forget,
        }
        return asyncio.run(handlers[command](args, database))
    except (ConfigurationError, KnowledgeError) as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except AdvisorError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
