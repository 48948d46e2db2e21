"""What a Slack payload says, read once: the message to answer and where its answer goes,
or the button clicked and the answer it opens."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from slack_bolt.context.async_context import AsyncBoltContext

from adapters.slack.safety import strip_mention
from bot.text import Language

# Message subtypes that still carry what a person typed; every other subtype (edits,
# deletions, joins, bot messages) is not a question.
_HUMAN_SUBTYPES = frozenset({None, "file_share", "thread_broadcast", "me_message"})


def delivery_keys(body: dict[str, Any], event: dict[str, Any]) -> list[str]:
    """What makes a delivery a repeat: Slack's retries repeat the event id, and an edit of a
    message that mentions the bot arrives as a new event for the same message (`ts`)."""
    keys = []
    if event_id := body.get("event_id"):
        keys.append(str(event_id))
    channel, ts = event.get("channel"), event.get("ts")
    if channel and ts:
        keys.append(f"message:{channel}:{ts}")
    return keys


def from_a_bot(event: dict[str, Any]) -> bool:
    return bool(event.get("bot_id") or event.get("bot_profile")) or event.get("subtype") == (
        "bot_message"
    )


@dataclass(frozen=True)
class Turn:
    """A message to answer (a mention, or a direct message) and where its answer goes."""

    question: str
    channel: str
    user: str | None
    thread_ts: str | None
    # A private reply in a channel is shown to the asker alone; in a DM it is just posted.
    ephemeral_to: str | None
    delivery: tuple[str, ...]
    surface: str

    @classmethod
    def of(
        cls, body: dict[str, Any], event: dict[str, Any], context: AsyncBoltContext, *, in_dm: bool
    ) -> Turn:
        user = event.get("user")
        # A mention is answered in its thread (a new one under a top-level message); a DM
        # where it was written.
        thread_ts = event.get("thread_ts") or (None if in_dm else event.get("ts"))
        return cls(
            question=strip_mention(event.get("text") or "", context.bot_user_id),
            channel=event["channel"],
            user=user,
            thread_ts=thread_ts,
            ephemeral_to=None if in_dm else user,
            delivery=tuple(delivery_keys(body, event)),
            surface="slack.dm" if in_dm else "slack.mention",
        )


@dataclass(frozen=True)
class Click:
    """A button under an answer that opens an entry ("Did you mean …?", related, "More")."""

    what: str
    entry_id: str
    language: Language
    channel: str | None
    thread_ts: str | None
    message_ts: str | None
    # A button on a private (ephemeral) message answers privately too.
    private: bool

    @property
    def once(self) -> str:
        """The ledger key of this button's post on this message."""
        return f"{self.what}:{self.channel}:{self.message_ts}:{self.entry_id}:{self.language}"

    @classmethod
    def of(cls, body: dict[str, Any], action: dict[str, Any], *, what: str) -> Click:
        entry_id, _, lang = str(action.get("value", "")).partition("|")
        container = body.get("container") or {}
        message = body.get("message") or {}
        message_ts = container.get("message_ts") or message.get("ts")
        thread_ts = container.get("thread_ts") or message.get("thread_ts") or message_ts
        return cls(
            what=what,
            entry_id=entry_id,
            language="ar" if lang == "ar" else "en",
            channel=container.get("channel_id") or (body.get("channel") or {}).get("id"),
            thread_ts=thread_ts,
            message_ts=message_ts,
            private=bool(container.get("is_ephemeral")),
        )


def is_a_dm_question(event: dict[str, Any]) -> bool:
    """Only direct messages: the app never speaks unprompted in channels. Edits, deletions
    and joins are not questions; a file or "also send to channel" still carries one."""
    return (
        event.get("channel_type") == "im"
        and event.get("subtype") in _HUMAN_SUBTYPES
        and not from_a_bot(event)
    )
