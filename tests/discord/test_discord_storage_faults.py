"""When the database cannot be written, a Discord user still hears back in their language."""

from __future__ import annotations

from bot.storage import SqliteDatabase
from tests.discord.conversation import ADMIN, DiscordConversation


async def test_saving_a_profile_on_a_lost_database_gets_an_apology(
    discord: DiscordConversation,
) -> None:
    database = discord.core.database
    assert isinstance(database, SqliteDatabase)  # these tests run on the SQLite file
    path = database.path
    for leftover in path.parent.glob(path.name + "*"):
        leftover.unlink()

    reply = await discord.slash("profile set", admin=True, user=ADMIN, goal="leads")

    assert reply.ephemeral
    assert "can't read or save anything right now" in reply.text
