"""A command the advisor suggests is a value in the reply: each platform writes it in its own
syntax, and nothing looks for the core's sentences by their text."""

from __future__ import annotations

from adapters.discord.syntax import DISCORD
from adapters.slack.syntax import SLACK
from bot.app import Core
from bot.hints import Hint, written
from bot.replies import Notice, ProfileView

from .test_conversation import Chat


async def test_the_myths_footer_names_one_command_written_three_ways(core: Core) -> None:
    footer = core.advisor.myths("en").footer
    assert isinstance(footer, Hint)
    assert footer == 'Type "myth 4" (or any number) for the full answer.'  # the console's
    assert written(footer, SLACK) == 'Type "/advisor myth 4" (or any number) for the full answer.'
    assert written(footer, DISCORD) == (
        'Type "/myth number:4" (or any number) for the full answer.'
    )
    arabic = core.advisor.myths("ar").footer
    assert arabic == "اكتب «خرافة 4» (أو أي رقم) لتقرأ الجواب كاملًا."
    assert "/myth number:4" in written(arabic, DISCORD)


async def test_placeholders_are_left_for_the_platform_to_ask(core: Core) -> None:
    chat = Chat(core)
    await chat.say("profile set goal=leads")
    view = await core.commands.handle(chat.asker, "profile")
    assert isinstance(view, ProfileView)
    footer = view.footer
    assert footer == "Change a field: profile set field=value · start over: profile reset"
    # Discord's form asks for the fields, so its commands carry none.
    assert written(footer, DISCORD) == "Change a field: /profile set · start over: /profile reset"


async def test_an_empty_reminder_list_suggests_a_reminder_in_each_syntax(core: Core) -> None:
    chat = Chat(core)
    listing = await core.commands.handle(chat.asker, "reminders list")
    assert isinstance(listing, Notice)
    [empty] = listing.lines
    assert empty.endswith("for example: reminders add monday 09:00 Europe/Berlin")
    assert written(empty, SLACK).endswith("/advisor reminders add monday 09:00 Europe/Berlin")
    assert written(empty, DISCORD).endswith(
        "/reminders add weekday:monday time:09:00 timezone:Europe/Berlin"
    )


def test_text_that_is_not_a_hint_is_left_as_it_is() -> None:
    # What a user typed, or an answer that happens to quote a command, is never rewritten.
    said = 'Type "myth 4" (or any number) for the full answer.'
    assert written(said, DISCORD) == said


async def test_usage_and_help_lines_name_their_commands_in_each_syntax(core: Core) -> None:
    chat = Chat(core)
    usage = await core.commands.handle(chat.asker, "myth")
    detail = await core.commands.handle(chat.asker, "help myth")
    arabic = await core.commands.handle(chat.asker, "خرافة")
    assert isinstance(usage, Notice)
    assert isinstance(detail, Notice)
    assert isinstance(arabic, Notice)
    [line], [help_line], [arabic_line] = usage.lines, detail.lines, arabic.lines
    assert line.startswith("Which one? myth 1 … myth 7 for a claim, myth value for the rule")
    assert written(line, SLACK).startswith("Which one? /advisor myth 1 … /advisor myth 7")
    assert written(line, DISCORD).startswith("Which one? /myth number:1 … /myth number:7")
    assert written(help_line, DISCORD).endswith(
        "e.g. /myth number:4, or the rule: /myth number:value."
    )
    # The rule keeps its Arabic name in every syntax; the core reads it in any of them.
    assert "خرافة القاعدة للقاعدة" in arabic_line
    assert "/advisor⁩ خرافة القاعدة" in written(arabic_line, SLACK)
