"""The Discord adapter's settings area (DISCORD_*), loaded with the core's by `load_settings`."""

from __future__ import annotations

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings

from bot.settings import SETTINGS_CONFIG, blank_to_none


class DiscordSettings(BaseSettings):
    model_config = SETTINGS_CONFIG

    discord_token: SecretStr | None = None
    discord_api_url: str = "https://discord.com/api/v10"
    discord_gateway_url: str = "wss://gateway.discord.gg/"
    # None: one connection, or automatic sharding when AutoSharded is chosen by shard count 0.
    discord_shard_count: int | None = Field(default=None, ge=0, le=10_000)
    # Which shards this process runs ("0,1"), when shards are spread over processes
    # (docs/scaling.md); blank: all of DISCORD_SHARD_COUNT. Needs a fixed count (N > 0).
    discord_shard_ids: str | None = None
    # Answer @mentions in channels. Needs the privileged MESSAGE_CONTENT intent, so it is opt-in.
    discord_answer_mentions: bool = False

    @field_validator("discord_token", "discord_shard_count", "discord_shard_ids", mode="before")
    @classmethod
    def _blank(cls, value: object) -> object:
        return blank_to_none(value)

    @field_validator("discord_shard_ids")
    @classmethod
    def _shard_ids(cls, value: str | None) -> str | None:
        if value is None:
            return None
        parts = [part.strip() for part in value.split(",") if part.strip()]
        if not parts or not all(part.isdigit() for part in parts):
            raise ValueError("must be shard numbers separated by commas, such as 0,1")
        return ",".join(str(number) for number in sorted({int(part) for part in parts}))

    @model_validator(mode="after")
    def _ids_within_count(self) -> DiscordSettings:
        ids = self.shard_ids
        if ids is None:
            return self
        count = self.discord_shard_count
        if not count:
            raise ValueError(
                "DISCORD_SHARD_IDS needs DISCORD_SHARD_COUNT set to the total number of shards "
                "across all processes (a number above 0)"
            )
        outside = [number for number in ids if number >= count]
        if outside:
            raise ValueError(
                f"DISCORD_SHARD_IDS has {outside[0]}, but shards are numbered 0 to {count - 1} "
                f"(DISCORD_SHARD_COUNT={count})"
            )
        return self

    @property
    def shard_ids(self) -> list[int] | None:
        if self.discord_shard_ids is None:
            return None
        return [int(part) for part in self.discord_shard_ids.split(",")]

    @field_validator("discord_api_url")
    @classmethod
    def _api_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must be an http(s) URL such as https://discord.com/api/v10")
        return value.rstrip("/")

    @field_validator("discord_gateway_url")
    @classmethod
    def _gateway_url(cls, value: str) -> str:
        if not value.startswith(("ws://", "wss://")):
            raise ValueError("must be a ws(s) URL such as wss://gateway.discord.gg/")
        return value

    @property
    def enabled(self) -> bool:
        return self.discord_token is not None
