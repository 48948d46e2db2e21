"""What the advisor says, independent of any platform. Adapters render these."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from bot.profiles import AudienceProfile
from bot.text import Language


@dataclass(frozen=True)
class RelatedEntry:
    entry_id: str
    title: str


@dataclass(frozen=True)
class Answer:
    """One knowledge entry, composed for one asker in one language."""

    entry_id: str
    language: Language
    title: str
    claim: str
    rating: Literal["myth", "partly_true", "rule"]
    verdict: str
    short_answer: str
    reasoning: list[str]
    concession: str
    actions: list[str]
    related: list[RelatedEntry]
    # Sentences that apply the team's profile; empty when none applied.
    personal_notes: list[str] = field(default_factory=list)
    # Shown when the workspace has no profile yet.
    profile_hint: str | None = None
    confidence: float = 1.0
    did_you_mean: RelatedEntry | None = None
    truncated_note: str | None = None
    # The first steps in a few words each (the first message); `actions` has them in full.
    short_actions: list[str] = field(default_factory=list)
    # The source named once per answer, at the end of "More"; None for a team's own entries.
    source: str | None = None

    @property
    def personalised(self) -> bool:
        return bool(self.personal_notes)


NoticeKind = Literal["intro", "info", "confirm", "error", "decline"]


@dataclass(frozen=True)
class Notice:
    """A short message: an introduction, a confirmation, a polite refusal."""

    language: Language
    kind: NoticeKind
    title: str
    lines: list[str] = field(default_factory=list)
    # Only the asker needs to see it (Slack ephemeral, Discord ephemeral).
    private: bool = False
    # Entries that may still help (a near-domain decline): a button each on chat platforms,
    # the command to type in the console.
    may_help: list[RelatedEntry] = field(default_factory=list)


@dataclass(frozen=True)
class MythSummary:
    entry_id: str
    number: int | None
    title: str
    verdict: str


@dataclass(frozen=True)
class MythList:
    language: Language
    title: str
    items: list[MythSummary]
    footer: str


@dataclass(frozen=True)
class ProfileView:
    language: Language
    title: str
    profile: AudienceProfile | None
    # (label, value) in display order, already localised.
    rows: list[tuple[str, str]]
    footer: str
    private: bool = True


Reply = Answer | Notice | MythList | ProfileView
