"""A gateway event discord.py cannot read costs that event only: logged with its type, and the
bot keeps hearing the ones after it."""

from __future__ import annotations

import asyncio
import logging

import pytest

from tests.discord.conversation import GUILD_A, MEMBER, DiscordConversation, interaction_payload


async def test_an_unreadable_interaction_is_logged_and_the_next_ask_is_answered(
    discord: DiscordConversation, caplog: pytest.LogCaptureFixture
) -> None:
    # Discord's own documented example lacks member.flags, which discord.py requires.
    broken = interaction_payload(
        interaction_id=discord.fake.next_id(),
        kind=2,
        data={"id": "1", "name": "ask", "type": 1, "options": []},
        guild=GUILD_A,
        user=MEMBER,
        admin=False,
        locale="en-US",
    )
    del broken["member"]["flags"]
    with caplog.at_level(logging.ERROR, logger="adapters.discord.runtime"):
        await discord.fake.dispatch("INTERACTION_CREATE", broken)
        await asyncio.sleep(0.3)

    assert any(getattr(record, "event", None) == "INTERACTION_CREATE" for record in caplog.records)
    assert discord.runtime is not None
    assert discord.runtime.is_ready()
    reply = await discord.slash("ask", question="Do I need lots of followers?")
    assert reply.embed["title"] == "You need lots of followers"


async def test_the_commands_say_where_they_may_be_used(discord: DiscordConversation) -> None:
    assert discord.runtime is not None
    commands = {
        command.name: command.to_dict(discord.runtime.client.tree)
        for command in discord.runtime.client.tree.get_commands()
    }

    assert all(command["integration_types"] == [0] for command in commands.values())
    assert commands["ask"]["contexts"] == [0, 1]  # servers and DMs with the bot
    assert commands["profile"]["contexts"] == [0]  # a server's own profile


async def test_the_rating_is_said_once(discord: DiscordConversation) -> None:
    for question in ("Do I need lots of followers?", "هل يجب أن نكون على فيسبوك؟"):
        description = (await discord.slash("ask", question=question)).embed["description"]
        first_line = description.split("\n")[0]
        label = first_line.split("**")[1].rstrip(":")
        assert first_line.count(label) == 1, first_line
