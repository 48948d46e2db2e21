"""`python -m bot …`: ask, match, console, run, and the operator commands."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

from bot import __version__
from bot.errors import AdvisorError, ConfigurationError, KnowledgeError

if TYPE_CHECKING:
    from bot.matcher import Match
    from bot.runtime import AdapterCommand
    from bot.settings import Settings
    from bot.storage import DatabaseTarget


def _global_options(
    parser: argparse.ArgumentParser, *, defaults: bool, workspace: bool = True
) -> None:
    """--workspace and --database, accepted before or after the command: on each subcommand
    they default to SUPPRESS, so one given earlier is not overwritten."""
    if workspace:
        parser.add_argument(
            "--workspace",
            default="local" if defaults else argparse.SUPPRESS,
            help="profile to use (console workspace)",
        )
    parser.add_argument(
        "--database",
        default=None if defaults else argparse.SUPPRESS,
        help="SQLite file or postgresql:// URL (default: DATABASE_URL, else DATABASE_PATH)",
    )


def _adapter_commands() -> dict[str, AdapterCommand]:
    """The operator commands the installed adapters add (`python -m bot discord …`)."""
    from bot.discovery import installed_adapters

    return {
        word: command
        for adapter in installed_adapters()
        for word, command in adapter.cli_commands().items()
    }


def _parser(adapter_words: Mapping[str, AdapterCommand]) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bot",
        description="A social-media advisor for Slack, Discord and the terminal.",
    )
    parser.add_argument("--version", action="version", version=f"value-advisor {__version__}")
    _global_options(parser, defaults=True)
    sub = parser.add_subparsers(dest="command", metavar="command")
    _conversation_commands(sub)
    _operator_commands(sub)
    _workspace_commands(sub)
    # Each adapter's own parser reads everything after its word, --help too.
    for word, offered in adapter_words.items():
        sub.add_parser(word, help=offered.help, add_help=False)
    for name, command in sub.choices.items():
        if name not in adapter_words:
            # These name the workspace they act on with their own --workspace.
            own = name not in {"export", "forget", "insights", "knowledge"}
            _global_options(command, defaults=False, workspace=own)
    return parser


_Subparsers = argparse._SubParsersAction  # argparse's type for `add_subparsers()`


def _conversation_commands(sub: _Subparsers[argparse.ArgumentParser]) -> None:
    ask = sub.add_parser("ask", help="answer one question")
    ask.add_argument("--json", action="store_true", help="print one JSON object")
    ask.add_argument(
        "--more", action="store_true", help="print the whole answer, as More would complete it"
    )
    ask.add_argument("question", nargs="+")
    sub.add_parser("match", help="one question per line in, one JSON object per line out")
    sub.add_parser("console", help="chat in the terminal")
    sub.add_parser("run", help="start the configured adapters (the console when none are)")


def _operator_commands(sub: _Subparsers[argparse.ArgumentParser]) -> None:
    doctor = sub.add_parser("doctor", help="check configuration, database and knowledge")
    doctor.add_argument(
        "--online", action="store_true", help="also try each platform's token against it"
    )
    sub.add_parser("migrate", help="bring the database schema up to date, then exit")
    sub.add_parser(
        "env-example", help="print .env.example, from the core's and each adapter's part"
    )
    train = sub.add_parser(
        "train", help="train the question matcher if the knowledge changed (needs [train])"
    )
    train.add_argument(
        "--check",
        action="store_true",
        help="only tell: exit 0 when the cached weights are current, 3 when training is due",
    )
    bench = sub.add_parser("bench", help="run the benchmarks (from a source checkout)")
    bench.add_argument(
        "names",
        nargs="*",
        help=f"which: {', '.join(_BENCHES)} (default: {', '.join(_QUICK_BENCHES)})",
    )


def _workspace_commands(sub: _Subparsers[argparse.ArgumentParser]) -> None:
    """Commands on one workspace's data, named by --platform and --workspace."""
    platform = "the adapter the workspace is on, such as console, slack or discord"
    export = sub.add_parser("export", help="print a workspace's data as JSON")
    forget = sub.add_parser("forget", help="delete everything stored for a workspace")
    forget.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    insights = sub.add_parser("insights", help="a workspace's team insights as CSV, JSON or PNG")
    insights.add_argument("--format", choices=("csv", "json", "png"), default="json")
    insights.add_argument("--days", type=int, default=30, help="the period, 1-365 (default 30)")
    insights.add_argument("--language", choices=("en", "ar"), default="en", help="entry titles")
    insights.add_argument("--output", help="write to this file instead of standard output")
    team = sub.add_parser("knowledge", help="a workspace's own knowledge entries")
    team.add_argument("action", choices=("import", "list", "remove"))
    team.add_argument(
        "target", nargs="?", help="import: a TOML file of [[entry]] tables; remove: an entry id"
    )
    for command in (export, forget, insights, team):
        command.add_argument("--platform", default="console", help=platform)
        command.add_argument("--workspace", dest="target_workspace", required=True)


_BUILTIN = frozenset(
    {
        "ask",
        "match",
        "console",
        "run",
        "doctor",
        "migrate",
        "train",
        "export",
        "forget",
        "bench",
        "knowledge",
        "env-example",
    }
)

# `python -m bot bench NAME` runs `bench/NAME.py` (quick settings; each has --help).
_BENCHES = {
    "matcher": "bench.matcher_bench",
    "reminders": "bench.reminders_bench",
    "slack": "bench.slack_bench",
    "discord": "bench.discord_bench",
    "load": "bench.load_bench",
    "crash": "bench.crash_bench",
    "scaling": "bench.scaling_bench",
}
# A few minutes in all; `load`, `crash` and `scaling` take several minutes or more and are
# asked for by name.
_QUICK_BENCHES = ("matcher", "reminders", "slack", "discord")


def _cmd_bench(names: Sequence[str]) -> int:
    import importlib.util
    import runpy

    unknown = [name for name in names if name not in _BENCHES]
    if unknown:
        print(
            f"unknown benchmark {unknown[0]!r}; choose from {', '.join(_BENCHES)}", file=sys.stderr
        )
        return 2
    if importlib.util.find_spec("bench") is None:
        print(
            "The benchmarks live in the source checkout (bench/); run this there.", file=sys.stderr
        )
        return 2
    failed = 0
    for name in names or _QUICK_BENCHES:
        print(f"== {name} ==", flush=True)
        saved = sys.argv
        sys.argv = [_BENCHES[name]]
        try:
            runpy.run_module(_BENCHES[name], run_name="__main__")
        except SystemExit as ended:
            # Each benchmark ends with SystemExit(main()); the next one must still run.
            if ended.code not in (None, 0):
                print(f"{name} ended with exit code {ended.code}", file=sys.stderr)
                failed = 1
        finally:
            sys.argv = saved
    return failed


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


def _cmd_train(*, check: bool, database: str | None) -> int:
    import time

    from bot.app import build_matcher
    from bot.knowledge import DEFAULT_KNOWLEDGE_DIR, load_knowledge
    from bot.model import is_cached
    from bot.settings import load_settings

    settings = load_settings()
    _use_database(settings, database)  # the cache lives beside it unless MATCHER_CACHE_DIR
    core = settings.core
    knowledge = load_knowledge(DEFAULT_KNOWLEDGE_DIR, core.knowledge_extra_dir)
    if is_cached(knowledge, core.cache_dir):
        print(f"The question matcher is current ({core.cache_dir}).")
        return 0
    if check:
        print("The question matcher needs training for the current knowledge.")
        return _TRAINING_DUE
    started = time.perf_counter()
    build_matcher(core.knowledge_extra_dir, core.cache_dir)
    print(
        f"Trained the question matcher in {time.perf_counter() - started:.0f} s "
        f"and cached it in {core.cache_dir}."
    )
    return 0


# `train --check`: distinct from 1 (failure) and 2 (usage or configuration) for scripts/run.
_TRAINING_DUE = 3


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


async def _cmd_ask(args: argparse.Namespace, database: DatabaseTarget) -> int:
    from bot.advisor import Asker
    from bot.app import open_core
    from bot.profiles import WorkspaceKey
    from bot.render_text import render_full, render_plain
    from bot.replies import Answer, Notice
    from bot.settings import CoreSettings

    question = " ".join(args.question)
    settings = CoreSettings()
    async with open_core(
        database, extra_dir=settings.knowledge_extra_dir, cache_dir=settings.cache_dir
    ) as core:
        asker = Asker(WorkspaceKey("console", args.workspace), is_admin=True)
        match, reply = await core.advisor.consult(asker, question)
        text = render_plain(reply)
        # The whole answer as "More" would complete it; other replies have no more to say.
        full = render_full(reply) if isinstance(reply, Answer) else text
        if args.json:
            row = _match_json(match, text)
            row["more"] = full
            # A declined question's pointers: the ids of entries that may still help.
            pointers = reply.may_help if isinstance(reply, Notice) else []
            row["may_help"] = [entry.entry_id for entry in pointers]
            print(json.dumps(row, ensure_ascii=False))
        else:
            print(full if args.more else text)
    return 0


async def _cmd_console(args: argparse.Namespace, database: DatabaseTarget) -> int:
    # The same console as `run` without tokens: reminders fire while it is open.
    from bot.runner import run_console_mode
    from bot.settings import load_settings

    settings = load_settings()
    _use_database(settings, args.database)
    return await run_console_mode(settings, workspace_id=args.workspace)


async def _cmd_migrate(args: argparse.Namespace, database: DatabaseTarget) -> int:
    opened = await database.open()
    try:
        version = await opened.schema_version()
    finally:
        await opened.close()
    print(f"{database.description}: schema version {version} (latest).")
    return 0


def _use_database(settings: Settings, option: str | None) -> None:
    """--database given on the command line wins over DATABASE_URL and DATABASE_PATH."""
    from pydantic import SecretStr

    from bot.storage import DatabaseTarget

    if option is None:
        return
    target = DatabaseTarget.of(option)
    settings.core.database_url = SecretStr(target.url) if target.url else None
    settings.core.database_path = target.path


async def _cmd_export(args: argparse.Namespace, database: DatabaseTarget) -> int:
    from bot.app import open_core
    from bot.profiles import WorkspaceKey
    from bot.settings import CoreSettings

    async with open_core(database, cache_dir=CoreSettings().cache_dir) as core:
        key = WorkspaceKey(args.platform, args.target_workspace)
        data = await core.store.export_workspace(key)
    print(json.dumps(data, ensure_ascii=False, indent=2, default=str))
    return 0


async def _cmd_forget(args: argparse.Namespace, database: DatabaseTarget) -> int:
    from bot.app import open_core
    from bot.i18n import count_of
    from bot.profiles import WorkspaceKey
    from bot.settings import CoreSettings

    key = WorkspaceKey(args.platform, args.target_workspace)
    async with open_core(database, cache_dir=CoreSettings().cache_dir) as core:
        count = await core.store.forget_workspace(key)
    print(f"Deleted {count_of(count, 'record', 'en')} for {key}.")
    return 0


async def _cmd_insights(args: argparse.Namespace, database: DatabaseTarget) -> int:
    from bot.insights.cli import run

    return await run(args, database)


async def _cmd_knowledge(args: argparse.Namespace, database: DatabaseTarget) -> int:
    from pathlib import Path

    from bot.app import open_core
    from bot.profiles import WorkspaceKey
    from bot.settings import CoreSettings
    from bot.teamkb import load_team_file

    key = WorkspaceKey(args.platform, args.target_workspace)
    if args.action in {"import", "remove"} and not args.target:
        what = "a TOML file" if args.action == "import" else "an entry id"
        print(f"knowledge {args.action}: give {what}", file=sys.stderr)
        return 2
    entries = load_team_file(Path(args.target)) if args.action == "import" else []
    async with open_core(database, cache_dir=CoreSettings().cache_dir) as core:
        if args.action == "import":
            await core.team.add(key, entries, by="cli")
            ids = ", ".join(entry.id for entry in entries)
            print(f"Imported {len(entries)} entries for {key}: {ids}.")
        elif args.action == "remove":
            if not await core.team.remove(key, args.target):
                print(f"No entry '{args.target}' for {key}.", file=sys.stderr)
                return 1
            print(f"Removed '{args.target}' for {key}.")
        else:
            for entry in await core.team.entries(key):
                text = entry.en or entry.ar
                title = text.title if text is not None else ""
                print(f"{entry.id}\t{'+'.join(entry.languages)}\t{title}")
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


def _command_position(arguments: Sequence[str]) -> int | None:
    """Where the command word is, skipping the global options and their values."""
    index = 0
    while index < len(arguments):
        word = arguments[index]
        if word in {"--workspace", "--database"}:
            index += 2
        elif word.startswith("-"):
            index += 1
        else:
            return index
    return None


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return _main(argv)
    except BrokenPipeError:
        # The reader went away (`ask … | head`): nothing more can be written there.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        print("output closed before everything was written", file=sys.stderr)
        return 1


def _main(argv: Sequence[str] | None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    try:
        return _dispatch(arguments)
    except (ConfigurationError, KnowledgeError) as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except AdvisorError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        # Ctrl-C is how a person leaves the console: a clean line, a clean exit.
        print(file=sys.stderr)
        return 0


def _cmd_env_example(args: argparse.Namespace) -> int:
    from bot.discovery import installed_adapters
    from bot.env_example import assemble

    sys.stdout.write(assemble(installed_adapters()))
    return 0


def _cmd_doctor(args: argparse.Namespace) -> int:
    from bot.doctor import main as doctor_main

    return doctor_main(online=args.online)


def _cmd_run(args: argparse.Namespace) -> int:
    from bot.runner import run
    from bot.settings import load_settings

    settings = load_settings()
    _use_database(settings, args.database)
    return asyncio.run(run(settings, workspace_id=args.workspace))


# Commands that open what they need themselves (or nothing): no database is opened for them.
_OWN_SET_UP: dict[str, Callable[[argparse.Namespace], int]] = {
    "match": lambda args: _cmd_match(),
    "bench": lambda args: _cmd_bench(args.names),
    "env-example": _cmd_env_example,
    "train": lambda args: _cmd_train(check=args.check, database=args.database),
    "doctor": _cmd_doctor,
    "run": _cmd_run,
}


def _dispatch(arguments: list[str]) -> int:
    at = _command_position(arguments)
    word = arguments[at] if at is not None else None
    # The adapters are loaded only when they may be wanted: `ask` and `--version` stay quick.
    wanted = word not in _BUILTIN and (word is not None or {"-h", "--help"} & set(arguments))
    adapter_words = _adapter_commands() if wanted else {}
    if word in adapter_words and at is not None:
        # Everything after the word belongs to the adapter's command, --help included.
        return adapter_words[word].main(arguments[at + 1 :])
    args = _parser(adapter_words).parse_args(arguments)
    command = args.command or "run"
    if command in _OWN_SET_UP:
        return _OWN_SET_UP[command](args)
    from bot.settings import CoreSettings
    from bot.storage import DatabaseTarget

    database = DatabaseTarget.of(args.database) if args.database else CoreSettings().database_target
    if command == "forget" and not _confirm_forget(args):
        return 1
    handlers = {
        "ask": _cmd_ask,
        "insights": _cmd_insights,
        "console": _cmd_console,
        "export": _cmd_export,
        "forget": _cmd_forget,
        "knowledge": _cmd_knowledge,
        "migrate": _cmd_migrate,
    }
    return asyncio.run(handlers[command](args, database))
