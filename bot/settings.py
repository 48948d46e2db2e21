"""Settings from the environment and `.env`, one model per area; each adapter brings its own
area (`Adapter.settings_model`, e.g. adapters/slack/settings.py), loaded with these.

Every variable is documented in `.env.example`. A missing or malformed value fails at start-up
with a `ConfigurationError` that names the variable, what was wrong and how to fix it.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Literal, TypeVar

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.errors import ConfigurationError
from bot.storage import DatabaseTarget

_COMMON = SettingsConfigDict(
    env_file=".env", env_file_encoding="utf-8", extra="ignore", case_sensitive=False
)


def _blank_to_none(value: object) -> object:
    if isinstance(value, str) and not value.strip():
        return None
    return value


# For the adapters' settings areas: the same sources, the same handling of blank values.
SETTINGS_CONFIG = _COMMON
blank_to_none = _blank_to_none
Area = TypeVar("Area", bound=BaseSettings)


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
    # What a reverse proxy would otherwise enforce (adapters/web/limits.py).
    http_max_connections: int = Field(default=256, ge=16, le=100_000)
    http_idle_timeout_seconds: float = Field(default=30.0, gt=0, le=3600)
    http_header_timeout_seconds: float = Field(default=10.0, gt=0, le=300)
    http_body_timeout_seconds: float = Field(default=10.0, gt=0, le=300)
    http_max_body_bytes: int = Field(default=16 * 1024, ge=0, le=64 * 1024 * 1024)
    http_body_budget_bytes: int = Field(default=32 * 1024 * 1024, ge=1024, le=4 * 1024**3)


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
    """All areas, loaded together so one start-up reports every problem at once.

    `adapters` holds each adapter's area by adapter name; `settings.slack` reads it too.
    """

    def __init__(
        self,
        *,
        core: CoreSettings,
        http: HttpSettings,
        reminders: ReminderSettings,
        **adapters: BaseSettings,
    ) -> None:
        self.core = core
        self.http = http
        self.reminders = reminders
        self.adapters: dict[str, BaseSettings] = adapters

    def area(self, name: str, model: type[Area]) -> Area:
        """The adapter `name`'s settings, as its own model."""
        found = self.adapters.get(name)
        if not isinstance(found, model):
            raise ConfigurationError(f"the {name} settings were not loaded")
        return found

    def __getattr__(self, name: str) -> BaseSettings:
        adapters = self.__dict__.get("adapters", {})
        if name in adapters:
            return adapters[name]  # type: ignore[no-any-return]
        raise AttributeError(name)


_FIXES = {
    "DATABASE_PATH": "a file path such as data/advisor.sqlite3",
    "LOG_LEVEL": "one of DEBUG, INFO, WARNING, ERROR",
    "LOG_FORMAT": "text or json",
    "HTTP_PORT": "a port number from 1 to 65535, such as 3000",
}


def _describe(area: str, error: ValidationError, fixes: Mapping[str, str]) -> list[str]:
    lines = []
    for problem in error.errors():
        loc = [str(part) for part in problem["loc"] if part != "__root__"]
        variable = loc[0].upper() if loc else area
        message = problem["msg"].removeprefix("Value error, ")
        fix = fixes.get(variable)
        hint = f" Set it to {fix}." if fix else " See .env.example for the expected form."
        lines.append(f"{variable}: {message}.{hint}")
    return lines


def load_settings(env_file: str | Path | None = ".env") -> Settings:
    """Reads every area, the installed adapters' too; raises ConfigurationError naming each
    bad variable."""
    from bot.discovery import installed_adapters  # adapters import this module

    problems: list[str] = []
    loaded: dict[str, BaseSettings] = {}
    fixes = dict(_FIXES)
    areas: dict[str, type[BaseSettings]] = {
        "core": CoreSettings,
        "http": HttpSettings,
        "reminders": ReminderSettings,
    }
    for adapter in installed_adapters():
        if adapter.settings_model is not None:
            areas[adapter.name] = adapter.settings_model
            fixes.update(adapter.setting_hints)
    for name, model in areas.items():
        try:
            loaded[name] = model(_env_file=env_file)
        except ValidationError as exc:
            problems.extend(_describe(name.upper(), exc, fixes))
    if problems:
        raise ConfigurationError("Invalid configuration:\n  " + "\n  ".join(problems))
    core, http, reminders = loaded.pop("core"), loaded.pop("http"), loaded.pop("reminders")
    assert isinstance(core, CoreSettings)
    assert isinstance(http, HttpSettings)
    assert isinstance(reminders, ReminderSettings)
    return Settings(core=core, http=http, reminders=reminders, **loaded)
