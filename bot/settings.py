"""Settings from the environment and `.env`, one model per area.

Every variable is documented in `.env.example`. A missing or malformed value fails at start-up
with a `ConfigurationError` that names the variable, what was wrong and how to fix it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.errors import ConfigurationError
from bot.storage import DatabaseTarget

_COMMON = SettingsConfigDict(
    env_file=".env", env_file_encoding="utf-8", extra="ignore", case_sensitive=False
)


def _check_prefix(value: SecretStr | None, prefix: str, what: str) -> SecretStr | None:
    if value is None:
        return None
    raw = value.get_secret_value().strip()
    if not raw:
        return None
    if not raw.startswith(prefix):
        # Never echo the value: it may be a real secret pasted into the wrong variable.
        raise ValueError(f"must be a {what} starting with '{prefix}'")
    return SecretStr(raw)


def _blank_to_none(value: object) -> object:
    if isinstance(value, str) and not value.strip():
        return None
    return value


class CoreSettings(BaseSettings):
    model_config = _COMMON

    database_path: Path = Field(default=Path("data/advisor.sqlite3"))
    # PostgreSQL instead of the SQLite file, for several replicas: postgresql://user:pass@host/db
    database_url: SecretStr | None = None
    # Connections each process keeps to PostgreSQL (ignored for SQLite).
    database_pool_size: int = Field(default=10, ge=1, le=200)
    # Where the trained matcher is cached; default: a "cache" folder beside the database.
    matcher_cache_dir: Path | None = None
    knowledge_extra_dir: Path | None = None
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_format: Literal["text", "json"] = "text"
    shutdown_grace_seconds: float = Field(default=10.0, gt=0, le=300)
    # Answer feedback (votes) older than this is deleted at start-up and daily; 0 keeps it.
    feedback_retention_days: int = Field(default=365, ge=0, le=3650)
    # Per adapter: answers worked on at once, and how many more may wait; beyond that Slack is
    # told to retry later and Discord users to try again (bot/workqueue.py).
    work_queue_in_flight: int = Field(default=200, ge=1, le=10_000)
    work_queue_waiting: int = Field(default=1000, ge=0, le=100_000)
    # Readiness fails when less than this is free beside the database (0: no check): a
    # database that cannot grow loses what people tell the bot.
    database_min_free_mb: int = Field(default=20, ge=0, le=1_000_000)
    # How long an adapter may take to connect at start before the process gives up (exit 1).
    adapter_start_timeout_seconds: float = Field(default=60.0, gt=0, le=3600)

    @property
    def database_target(self) -> DatabaseTarget:
        url = self.database_url.get_secret_value() if self.database_url is not None else None
        return DatabaseTarget(path=self.database_path, url=url, pool_size=self.database_pool_size)

    @property
    def database_min_free_bytes(self) -> int:
        return self.database_min_free_mb * 1_000_000

    @property
    def cache_dir(self) -> Path:
        return self.matcher_cache_dir or self.database_path.parent / "cache"

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @field_validator("knowledge_extra_dir", "matcher_cache_dir", "database_url", mode="before")
    @classmethod
    def _optional_dir(cls, value: object) -> object:
        return _blank_to_none(value)

    @field_validator("database_url")
    @classmethod
    def _postgres_url(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None:
            return None
        if not value.get_secret_value().startswith(("postgresql://", "postgres://")):
            # Never echo the value: it usually holds a password.
            raise ValueError(
                "must be a PostgreSQL URL such as postgresql://user:password@host:5432/advisor "
                "(leave it empty to use the SQLite file at DATABASE_PATH)"
            )
        return value

    @field_validator("knowledge_extra_dir")
    @classmethod
    def _dir_exists(cls, value: Path | None) -> Path | None:
        if value is not None and not value.is_dir():
            raise ValueError(f"'{value}' is not a directory")
        return value


class HttpSettings(BaseSettings):
    model_config = _COMMON

    http_host: str = "0.0.0.0"  # noqa: S104 - a container must listen on all interfaces
    http_port: int = Field(default=3000, ge=1, le=65535)
    # Starts the HTTP server (health, readiness, metrics) even when no adapter needs one.
    health_server: bool = False
    # What a reverse proxy would otherwise enforce (bot/http_limits.py).
    http_max_connections: int = Field(default=256, ge=16, le=100_000)
    http_idle_timeout_seconds: float = Field(default=30.0, gt=0, le=3600)
    http_header_timeout_seconds: float = Field(default=10.0, gt=0, le=300)
    http_body_timeout_seconds: float = Field(default=10.0, gt=0, le=300)
    http_max_body_bytes: int = Field(default=16 * 1024, ge=0, le=64 * 1024 * 1024)
    http_body_budget_bytes: int = Field(default=32 * 1024 * 1024, ge=1024, le=4 * 1024**3)


class SlackSettings(BaseSettings):
    model_config = _COMMON

    slack_bot_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    slack_client_id: str | None = None
    slack_client_secret: SecretStr | None = None
    slack_state_secret: SecretStr | None = None
    slack_api_url: str = "https://slack.com/api/"
    # Largest request accepted on /slack/events (Slack's own payloads stay far below it).
    slack_max_body_bytes: int = Field(default=1024 * 1024, ge=1024, le=64 * 1024 * 1024)

    @field_validator(
        "slack_bot_token",
        "slack_signing_secret",
        "slack_app_token",
        "slack_client_id",
        "slack_client_secret",
        "slack_state_secret",
        mode="before",
    )
    @classmethod
    def _blank(cls, value: object) -> object:
        return _blank_to_none(value)

    @field_validator("slack_bot_token")
    @classmethod
    def _bot_token(cls, value: SecretStr | None) -> SecretStr | None:
        return _check_prefix(value, "xoxb-", "bot token")

    @field_validator("slack_app_token")
    @classmethod
    def _app_token(cls, value: SecretStr | None) -> SecretStr | None:
        return _check_prefix(value, "xapp-", "app-level token")

    @field_validator("slack_api_url")
    @classmethod
    def _api_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must be an http(s) URL such as https://slack.com/api/")
        return value if value.endswith("/") else value + "/"

    @model_validator(mode="after")
    def _complete(self) -> SlackSettings:
        oauth = self.slack_client_id is not None or self.slack_client_secret is not None
        if oauth and (self.slack_client_id is None or self.slack_client_secret is None):
            missing = "SLACK_CLIENT_SECRET" if self.slack_client_id else "SLACK_CLIENT_ID"
            raise ValueError(f"{missing} is required with the other OAuth setting")
        needs_secret = self.slack_bot_token is not None or oauth
        if needs_secret and self.slack_signing_secret is None and self.slack_app_token is None:
            raise ValueError(
                "SLACK_SIGNING_SECRET is required for HTTP mode "
                "(or set SLACK_APP_TOKEN for Socket Mode)"
            )
        if self.slack_app_token is not None and not (self.slack_bot_token or oauth):
            raise ValueError("SLACK_APP_TOKEN needs SLACK_BOT_TOKEN as well")
        return self

    @property
    def enabled(self) -> bool:
        return self.slack_bot_token is not None or self.slack_client_id is not None

    @property
    def socket_mode(self) -> bool:
        return self.slack_app_token is not None

    @property
    def oauth(self) -> bool:
        return self.slack_client_id is not None


class DiscordSettings(BaseSettings):
    model_config = _COMMON

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
        return _blank_to_none(value)

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


class ReminderSettings(BaseSettings):
    model_config = _COMMON

    # A reminder missed while the bot was down is still posted if this recent.
    reminder_grace_hours: float = Field(default=3.0, ge=0, le=72)
    reminder_max_per_workspace: int = Field(default=25, ge=1, le=500)
    # A claimed occurrence not confirmed as sent after this long is tried again. At most 150 s:
    # Discord de-duplicates a repeated post by its nonce only for a few minutes.
    reminder_claim_timeout_seconds: float = Field(default=90.0, ge=5, le=150)
    # Reminder posts in flight at once per process: a crash can repeat at most these.
    reminder_max_in_flight: int = Field(default=5, ge=1, le=50)


class Settings:
    """All areas, loaded together so one start-up reports every problem at once."""

    def __init__(
        self,
        *,
        core: CoreSettings,
        http: HttpSettings,
        slack: SlackSettings,
        discord: DiscordSettings,
        reminders: ReminderSettings,
    ) -> None:
        self.core = core
        self.http = http
        self.slack = slack
        self.discord = discord
        self.reminders = reminders


_FIXES = {
    "DATABASE_PATH": "a file path such as data/advisor.sqlite3",
    "LOG_LEVEL": "one of DEBUG, INFO, WARNING, ERROR",
    "LOG_FORMAT": "text or json",
    "HTTP_PORT": "a port number from 1 to 65535, such as 3000",
    "SLACK_BOT_TOKEN": "the Bot User OAuth Token from your Slack app's OAuth & Permissions page",
    "SLACK_APP_TOKEN": "an app-level token with connections:write, from Basic Information",
    "SLACK_SIGNING_SECRET": "the Signing Secret from your Slack app's Basic Information page",
    "DISCORD_TOKEN": "the bot token from the Discord developer portal's Bot page",
}


def _describe(area: str, error: ValidationError) -> list[str]:
    lines = []
    for problem in error.errors():
        loc = [str(part) for part in problem["loc"] if part != "__root__"]
        variable = loc[0].upper() if loc else area
        message = problem["msg"].removeprefix("Value error, ")
        fix = _FIXES.get(variable)
        hint = f" Set it to {fix}." if fix else " See .env.example for the expected form."
        lines.append(f"{variable}: {message}.{hint}")
    return lines


def load_settings(env_file: str | Path | None = ".env") -> Settings:
    """Reads every area; raises ConfigurationError naming each bad variable."""
    problems: list[str] = []
    loaded: dict[str, BaseSettings] = {}
    areas: dict[str, type[BaseSettings]] = {
        "core": CoreSettings,
        "http": HttpSettings,
        "slack": SlackSettings,
        "discord": DiscordSettings,
        "reminders": ReminderSettings,
    }
    for name, model in areas.items():
        try:
            loaded[name] = model(_env_file=env_file)
        except ValidationError as exc:
            problems.extend(_describe(name.upper(), exc))
    if problems:
        raise ConfigurationError("Invalid configuration:\n  " + "\n  ".join(problems))
    return Settings(
        core=loaded["core"],  # type: ignore[arg-type]
        http=loaded["http"],  # type: ignore[arg-type]
        slack=loaded["slack"],  # type: ignore[arg-type]
        discord=loaded["discord"],  # type: ignore[arg-type]
        reminders=loaded["reminders"],  # type: ignore[arg-type]
    )
