"""`/knowledge` on a fake Discord: an admin adds an entry through the modal, the server's
questions find it and another server's do not; members are refused; list and remove."""

from __future__ import annotations

from bot.profiles import WorkspaceKey
from tests.discord.conversation import (
    ADMIN,
    GUILD_A,
    GUILD_B,
    MEMBER,
    DiscordConversation,
    DiscordReply,
)

TITLE = "When we post"
ANSWER = "We post on weekday mornings, between 8 and 10. Our customers read before work."
EXAMPLES = (
    "When is the best time to post?\nwhat time should we tweet\n"
    "best time to post on linkedin for us\nwhich day should we publish"
)


async def add_entry(discord: DiscordConversation, examples: str = EXAMPLES) -> DiscordReply:
    form = await discord.slash("knowledge add", user=ADMIN, admin=True, language="en")
    return await discord.submit_modal(form, [TITLE, ANSWER, examples], user=ADMIN, admin=True)


async def test_an_admins_entry_answers_in_that_server_only(discord: DiscordConversation) -> None:
    added = await add_entry(discord)
    await discord.core.team.knowledge_for(WorkspaceKey("discord", str(GUILD_A)))

    ours = await discord.slash("ask", question="best time to tweet?")
    theirs = await discord.slash("ask", guild=GUILD_B, question="best time to tweet?")

    assert added.ephemeral
    assert "Added the entry when-we-post: When we post" in added.text
    assert "weekday mornings" in ours.text
    assert "weekday mornings" not in theirs.text


async def test_a_member_is_refused_politely(discord: DiscordConversation) -> None:
    refused = await discord.slash("knowledge add", user=MEMBER, language="en")

    assert refused.kind != 9  # no modal
    assert refused.ephemeral
    assert "Only workspace admins can change this." in refused.text
    assert await discord.core.team.entries(WorkspaceKey("discord", str(GUILD_A))) == []


async def test_a_mistake_names_the_field_and_nothing_is_saved(
    discord: DiscordConversation,
) -> None:
    reply = await add_entry(discord, examples="best time to tweet?\nwhen do we post")

    assert reply.ephemeral
    assert "3 to 20 example questions, one per line" in reply.text
    assert await discord.core.team.entries(WorkspaceKey("discord", str(GUILD_A))) == []


async def test_list_for_everyone_remove_for_admins(discord: DiscordConversation) -> None:
    await add_entry(discord)

    listed = await discord.slash("knowledge list")
    elsewhere = await discord.slash("knowledge list", guild=GUILD_B)
    refused = await discord.slash("knowledge remove", entry="when-we-post")
    removed = await discord.slash("knowledge remove", user=ADMIN, admin=True, entry="when-we-post")

    assert "when-we-post — When we post" in listed.text
    assert "no entries of its own" in elsewhere.text
    assert "Only workspace admins" in refused.text
    assert "Removed the entry when-we-post" in removed.text
    assert await discord.core.team.entries(WorkspaceKey("discord", str(GUILD_A))) == []
