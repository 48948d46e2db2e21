"""A failure inside the core, whichever way a person reached it in Discord: they get a short
private apology quoting an incident reference, and the log holds that failure once."""

from __future__ import annotations

import pytest

from bot.app import Core
from tests.discord.conversation import DiscordConversation
from tests.discord.fake_discord import FakeDiscord
from tests.discord.test_discord_operation import _mention
from tests.incidents import BreakCore, assert_apology_quotes_the_incident


async def test_a_slash_command(
    discord: DiscordConversation, break_core: BreakCore, caplog: pytest.LogCaptureFixture
) -> None:
    break_core(discord.core.matcher, "match")

    reply = await discord.slash("ask", question="Do I need lots of followers?")

    assert reply.ephemeral
    assert_apology_quotes_the_incident(caplog, reply.text)


async def test_the_message_command(
    discord: DiscordConversation, break_core: BreakCore, caplog: pytest.LogCaptureFixture
) -> None:
    break_core(discord.core.matcher, "match")

    reply = await discord.message_command("Check against the myths", "we need lots of followers")

    assert reply.ephemeral
    assert not reply.buttons  # nothing to share
    assert_apology_quotes_the_incident(caplog, reply.text)


@pytest.mark.parametrize(
    ("button", "call"),
    [("advisor:more:4:en", "myth"), ("advisor:vote:up:4", "record_feedback")],
)
async def test_a_button_under_an_answer(
    discord: DiscordConversation,
    break_core: BreakCore,
    caplog: pytest.LogCaptureFixture,
    button: str,
    call: str,
) -> None:
    answer = await discord.slash("ask", question="Do I need lots of followers?")
    break_core(discord.core.advisor, call)

    reply = await discord.click(answer, button)

    assert reply.ephemeral
    assert_apology_quotes_the_incident(caplog, reply.text)


async def test_a_mention(
    fake_discord: FakeDiscord, core: Core, break_core: BreakCore, caplog: pytest.LogCaptureFixture
) -> None:
    discord = DiscordConversation(fake=fake_discord, core=core, answer_mentions=True)
    await discord.connect()
    break_core(core.matcher, "match")
    try:
        await fake_discord.dispatch("MESSAGE_CREATE", _mention("do I need lots of followers?"))
        post = await fake_discord.next_channel_post()
    finally:
        await discord.close()

    embed = post["embeds"][0]
    assert_apology_quotes_the_incident(caplog, embed["title"] + "\n" + embed.get("description", ""))
