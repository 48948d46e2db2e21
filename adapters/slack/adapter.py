"""The Slack adapter as the core finds it: the `value_advisor.adapters` entry point `slack`.

Cheap to import (settings only): slack-bolt is loaded when `run` starts Slack or
`doctor --online` asks Slack about the token.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from adapters.slack.settings import SlackSettings
from bot.runtime import Adapter

if TYPE_CHECKING:
    from bot.app import Core
    from bot.doctor import Check
    from bot.runtime import AdapterRuntime
    from bot.settings import Settings

_ONLINE_TIMEOUT_SECONDS = 10


class SlackAdapter(Adapter):
    name = "slack"
    title = "Slack"
    settings_model = SlackSettings
    setting_hints: ClassVar = {
        "SLACK_BOT_TOKEN": "the Bot User OAuth Token from your Slack app's OAuth & Permissions "
        "page",
        "SLACK_APP_TOKEN": "an app-level token with connections:write, from Basic Information",
        "SLACK_SIGNING_SECRET": "the Signing Secret from your Slack app's Basic Information page",
    }
    example_values: ClassVar = {
        "SLACK_BOT_TOKEN": "xoxb-1234567890-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx",
        "SLACK_SIGNING_SECRET": "8f14e45fceea167a5a36dedd4bea2543",
        "SLACK_APP_TOKEN": "xapp-1-A0123456789-1234567890123-abcdef0123",
        "SLACK_CLIENT_ID": "1234567890.1234567890123",
        "SLACK_CLIENT_SECRET": "0123456789abcdef0123456789abcdef",
    }

    def enabled(self, settings: Settings) -> bool:
        return settings.area(self.name, SlackSettings).enabled

    def create_runtime(self, settings: Settings, core: Core) -> AdapterRuntime:
        from adapters.slack.runtime import create_runtime

        return create_runtime(settings, core)

    def describe(self, settings: Settings) -> str:
        slack = settings.area(self.name, SlackSettings)
        mode = "Socket Mode" if slack.socket_mode else "HTTP mode"
        return f"Slack ({mode}{', OAuth' if slack.oauth else ''})"

    def needs_http(self, settings: Settings) -> bool:
        slack = settings.area(self.name, SlackSettings)
        return slack.enabled and not slack.socket_mode

    def channel_reference(self, channel_id: str) -> str:
        return f"<#{channel_id}>"  # shown as the channel's name, notifies no one

    # user_reference: the bare id, since <@id> would notify the person on Slack.

    async def check_online(self, settings: Settings) -> Check | None:
        """auth.test with SLACK_BOT_TOKEN: the token is live and belongs to a workspace."""
        from slack_sdk.errors import SlackApiError
        from slack_sdk.web.async_client import AsyncWebClient

        from bot.doctor import Check

        slack = settings.area(self.name, SlackSettings)
        if slack.slack_bot_token is None:
            return None  # OAuth: each workspace's token arrives when it installs the app
        client = AsyncWebClient(
            token=slack.slack_bot_token.get_secret_value(),
            base_url=slack.slack_api_url,
            timeout=_ONLINE_TIMEOUT_SECONDS,
        )
        try:
            found = await client.auth_test()
        except SlackApiError as exc:
            error = exc.response.get("error", "refused")
            return Check(
                "slack token",
                "FAIL",
                f"Slack answered {error} to auth.test; copy SLACK_BOT_TOKEN again from the "
                "app's OAuth & Permissions page",
            )
        except Exception as exc:
            return Check("slack token", "FAIL", f"Slack ({slack.slack_api_url}) unreachable: {exc}")
        return Check(
            "slack token",
            "ok",
            f"accepted by Slack: {found.get('user')} in {found.get('team')} "
            f"({found.get('team_id')})",
        )
