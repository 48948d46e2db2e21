"""Fixtures: a fake Discord, a core on a temporary database, a connected bot."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import yarl
from discord.gateway import DiscordWebSocket
from discord.http import Route

from bot.app import Core, build_matcher, open_core
from bot.knowledge import KnowledgeBase
from bot.matcher import Matcher
from tests.discord.conversation import GUILD_A, GUILD_B, DiscordConversation
from tests.discord.fake_discord import FakeDiscord


@pytest.fixture(scope="session")
def knowledge_and_matcher() -> tuple[KnowledgeBase, Matcher]:
    return build_matcher()


@pytest.fixture
async def fake_discord() -> AsyncIterator[FakeDiscord]:
    fake = FakeDiscord(guild_ids=[GUILD_A, GUILD_B])
    await fake.start()
    yield fake
    await fake.stop()
    # The endpoints are process-wide; put the real ones back for whatever runs next.
    Route.BASE = "https://discord.com/api/v10"
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL("wss://gateway.discord.gg/")


@pytest.fixture
def discord_endpoints(fake_discord: FakeDiscord) -> None:
    """Points discord.py at the fake for code that builds its own client (the CLI)."""
    Route.BASE = fake_discord.api_url
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(fake_discord.gateway_url)


@pytest.fixture
async def core(
    tmp_path: Path, knowledge_and_matcher: tuple[KnowledgeBase, Matcher]
) -> AsyncIterator[Core]:
    knowledge, matcher = knowledge_and_matcher
    async with open_core(
        tmp_path / "advisor.sqlite3", knowledge=knowledge, matcher=matcher
    ) as opened:
        yield opened


@pytest.fixture
async def discord(fake_discord: FakeDiscord, core: Core) -> AsyncIterator[DiscordConversation]:
    conversation = DiscordConversation(fake=fake_discord, core=core)
    await conversation.connect()
    yield conversation
    await conversation.close()
