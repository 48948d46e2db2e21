"""The app manifest people paste into Slack asks for what the code uses, and no more."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from adapters.slack.installation import BOT_SCOPES
from adapters.slack.shortcut import SHORTCUT_ID

MANIFEST = Path(__file__).resolve().parents[2] / "adapters" / "slack" / "manifest.yaml"


def _manifest() -> dict[str, Any]:
    return dict(yaml.safe_load(MANIFEST.read_text(encoding="utf-8")))


def test_the_manifest_and_oauth_installs_ask_for_the_same_scopes() -> None:
    assert sorted(_manifest()["oauth_config"]["scopes"]["bot"]) == sorted(BOT_SCOPES)


def test_the_check_shortcut_is_declared_on_messages() -> None:
    [shortcut] = _manifest()["features"]["shortcuts"]
    assert shortcut == {
        "name": "Check against the myths",
        "type": "message",
        "callback_id": SHORTCUT_ID,
        "description": shortcut["description"],
    }
    assert len(shortcut["description"]) <= 150


def test_the_assistant_panel_has_its_view_events_and_scope() -> None:
    manifest = _manifest()
    assert manifest["features"]["assistant_view"]["assistant_description"]
    events = manifest["settings"]["event_subscriptions"]["bot_events"]
    assert {"assistant_thread_started", "assistant_thread_context_changed", "message.im"} <= set(
        events
    )
    assert {"assistant:write", "chat:write", "im:history"} <= set(BOT_SCOPES)
