"""The Slack adapter's settings area (SLACK_*), loaded with the core's by `load_settings`."""

from __future__ import annotations

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings

from bot.settings import SETTINGS_CONFIG, blank_to_none


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


class SlackSettings(BaseSettings):
    model_config = SETTINGS_CONFIG

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
        return blank_to_none(value)

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
