"""Many workspaces: OAuth installations and states, and their removal on uninstall.

The stores live in the same database as the core's data (DATABASE_URL's PostgreSQL, else the
SQLite file at DATABASE_PATH), in their own tables (`slack_installations`, `slack_bots`,
`slack_oauth_states`), so one database and one backup hold everything. SQLAlchemy's async
engine (over aiosqlite or asyncpg) never blocks the event loop.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from slack_bolt.authorization.async_authorize import AsyncInstallationStoreAuthorize
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_sdk.oauth.installation_store.sqlalchemy import AsyncSQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import AsyncSQLAlchemyOAuthStateStore
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import StaticPool

from bot.storage import DatabaseTarget

log = logging.getLogger(__name__)

# What the bot asks for when installed; keep in step with manifest.yaml.
BOT_SCOPES = (
    "app_mentions:read",
    "assistant:write",
    "channels:history",
    "chat:write",
    "commands",
    "files:write",
    "groups:history",
    "im:history",
    "users:read",
)
STATE_EXPIRATION_SECONDS = 600


def database_engine(database: DatabaseTarget | Path | str) -> AsyncEngine:
    target = DatabaseTarget.of(database)
    if target.in_memory:
        # One shared in-memory database for every connection of the engine.
        return create_async_engine(
            target.sqlalchemy_url,
            poolclass=StaticPool,
            connect_args={"check_same_thread": False},
        )
    if target.url:
        # Dropped connections (a database restart) are replaced instead of failing a request.
        return create_async_engine(target.sqlalchemy_url, pool_pre_ping=True, pool_size=2)
    return create_async_engine(target.sqlalchemy_url, connect_args={"timeout": 5})


class Installations:
    """The installation store, the OAuth settings built on it, and token revocation.

    The OAuth `state` is a random id kept in the state store and consumed once, so bolt-python
    needs no state secret; SLACK_STATE_SECRET is accepted for parity with bolt-js and unused.
    """

    def __init__(
        self,
        *,
        client_id: str,
        client_secret: str,
        engine: AsyncEngine,
        database: DatabaseTarget | Path | str | None = None,
    ) -> None:
        self.engine = engine
        self._database = DatabaseTarget.of(database) if database is not None else None
        self.store = AsyncSQLAlchemyInstallationStore(client_id=client_id, engine=engine)
        self.state_store = AsyncSQLAlchemyOAuthStateStore(
            expiration_seconds=STATE_EXPIRATION_SECONDS, engine=engine
        )
        # Cached authorize: an event costs a local lookup, not an auth.test round trip.
        self.authorize = AsyncInstallationStoreAuthorize(
            client_id=client_id,
            client_secret=client_secret,
            installation_store=self.store,
            bot_only=True,
            cache_enabled=True,
            logger=log,
        )
        self.oauth_settings = AsyncOAuthSettings(
            client_id=client_id,
            client_secret=client_secret,
            scopes=list(BOT_SCOPES),
            user_scopes=[],
            installation_store=self.store,
            installation_store_bot_only=True,
            state_store=self.state_store,
            logger=log,
        )

    async def create_tables(self) -> None:
        """Creates the stores' tables if missing, under the database's start-up lock: without
        it, processes starting together race on the same CREATE TABLE and one fails."""
        if self._database is None:
            await self._create_tables()
            return
        async with self._database.schema_lock():
            await self._create_tables()

    async def _create_tables(self) -> None:
        stores: list[Any] = [self.store, self.state_store]  # their create_tables is untyped
        for store in stores:
            await store.create_tables()

    async def bot_token(self, workspace_id: str) -> str | None:
        """The bot token of a workspace key: a team, or an organisation installed org-wide."""
        bot = await self.store.async_find_bot(enterprise_id=None, team_id=workspace_id)
        if bot is None:
            bot = await self.store.async_find_bot(
                enterprise_id=workspace_id, team_id=None, is_enterprise_install=True
            )
        return bot.bot_token if bot is not None else None

    async def revoke_all(self, context: AsyncBoltContext) -> None:
        await self.store.async_delete_all(
            enterprise_id=context.enterprise_id, team_id=context.team_id
        )

    async def revoke_tokens(self, event: dict[str, Any], context: AsyncBoltContext) -> bool:
        tokens = event.get("tokens") or {}
        for user_id in tokens.get("oauth") or []:
            await self.store.async_delete_installation(
                enterprise_id=context.enterprise_id, team_id=context.team_id, user_id=user_id
            )
        if tokens.get("bot"):
            await self.store.async_delete_bot(
                enterprise_id=context.enterprise_id, team_id=context.team_id
            )
            return True
        return False

    async def close(self) -> None:
        await self.engine.dispose()
