"""`/insights` on a fake Discord: the numbers for Manage Server, privately; nothing for others."""

from __future__ import annotations

from bot.profiles import WorkspaceKey
from tests.discord.conversation import ADMIN, GUILD_A, GUILD_B, MEMBER, DiscordConversation


async def team_asks(discord: DiscordConversation) -> None:
    await discord.slash("ask", question="Do I need lots of followers?")
    answer = await discord.slash("ask", question="@everyone do we need many followers?")
    await discord.click(answer, "advisor:vote:up:4")
    await discord.slash("ask", question="how do I bake bread?")
    await discord.slash("ask", guild=GUILD_B, question="what does the other server bake?")


async def test_an_admin_sees_the_numbers_privately(discord: DiscordConversation) -> None:
    await team_asks(discord)

    reply = await discord.slash("insights", user=ADMIN, admin=True)

    assert reply.ephemeral
    assert reply.embed["title"] == "Team insights: the last 30 days"
    assert "Questions answered: 2 · declined: 1" in reply.text
    assert "#4 You need lots of followers: asked 2 · 👍 1 · 👎 0" in reply.text
    assert "“how do I bake bread?” ×1" in reply.text
    assert "`/insights consent:off`" in reply.text
    assert "other server" not in reply.text
    assert reply.allowed_mentions.get("parse", []) == []


async def test_a_member_is_refused_even_when_discord_lets_the_command_through(
    discord: DiscordConversation,
) -> None:
    await team_asks(discord)

    reply = await discord.slash("insights", user=MEMBER)

    assert reply.ephemeral
    assert "Only workspace admins can see team insights." in reply.text
    assert "bread" not in reply.text


async def test_the_period_and_consent_are_options(discord: DiscordConversation) -> None:
    await team_asks(discord)

    off = await discord.slash("insights", user=ADMIN, admin=True, consent="off")
    await discord.slash("ask", question="how do I knit a scarf?")
    week = await discord.slash("insights", user=ADMIN, admin=True, days=7)
    forged = await discord.slash("insights", user=ADMIN, admin=True, consent="maybe")

    assert "will no longer be kept" in off.text
    assert week.embed["title"] == "Team insights: the last 7 days"
    assert "declined: 2" in week.text
    assert "scarf" not in week.text
    assert "bread" not in week.text
    assert "`/insights consent:on`" in week.text
    assert "insights consent on|off" in forged.text
    exported = await discord.core.store.export_workspace(WorkspaceKey("discord", str(GUILD_A)))
    assert "scarf" not in str(exported)
