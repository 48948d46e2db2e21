"""Buttons under answers that keep working after a restart.

Each button is a `DynamicItem`: everything it needs is in its custom_id
(`advisor:vote:up:4`, `advisor:myth:6:ar`), and the client registers the templates in
`setup_hook`, so a click on a week-old message is handled by whichever process is running.
"""

from __future__ import annotations

import re
from typing import Any, cast

import discord

from adapters.discord.context import asker_of, services_of
from adapters.discord.embeds import more_embed, render
from adapters.discord.respond import accepting, answering, respond
from bot.i18n import t
from bot.ports import Vote
from bot.replies import Answer, Notice, Reply
from bot.text import Language, truncate

_ENTRY = r"[a-z0-9][a-z0-9_-]{0,39}"
BUTTON_LABEL_LIMIT = 80
# Five buttons fill a row; related entries take at most the rows left after the first.
RELATED_BUTTONS = 10


class VoteButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=rf"advisor:vote:(?P<vote>up|down):(?P<entry>{_ENTRY})",
):
    def __init__(self, *, vote: Vote, entry_id: str) -> None:
        super().__init__(
            discord.ui.Button(
                style=discord.ButtonStyle.secondary,
                emoji="👍" if vote == "up" else "👎",
                custom_id=f"advisor:vote:{vote}:{entry_id}",
            )
        )
        self.vote: Vote = vote
        self.entry_id = entry_id

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> VoteButton:
        return cls(vote=cast(Vote, match["vote"]), entry_id=match["entry"])

    async def interaction_check(self, interaction: discord.Interaction[Any], /) -> bool:
        return await accepting(interaction)

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        await answering(interaction, lambda: self._vote(interaction))

    async def _vote(self, interaction: discord.Interaction[Any]) -> None:
        # One vote per person per answer message; voting again replaces the vote.
        answer_ref = str(interaction.message.id if interaction.message else interaction.id)
        advisor = services_of(interaction).advisor
        asker = asker_of(interaction)
        # The feedback coroutine is created only once the language is known (inside respond).
        await respond(
            interaction,
            lambda _language: advisor.record_feedback(
                asker, answer_ref=answer_ref, entry_id=self.entry_id, vote=self.vote
            ),
            private=True,
        )


class MythButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=rf"advisor:myth:(?P<entry>{_ENTRY}):(?P<language>en|ar)",
):
    """ "Did you mean …?": opens the other likely answer for the person who clicked."""

    def __init__(self, *, entry_id: str, language: Language, label: str = "?") -> None:
        super().__init__(
            discord.ui.Button(
                style=discord.ButtonStyle.primary,
                label=truncate(label, BUTTON_LABEL_LIMIT),
                custom_id=f"advisor:myth:{entry_id}:{language}",
            )
        )
        self.entry_id = entry_id
        self.language: Language = language

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> MythButton:
        return cls(entry_id=match["entry"], language=cast(Language, match["language"]))

    async def interaction_check(self, interaction: discord.Interaction[Any], /) -> bool:
        return await accepting(interaction)

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        await answering(interaction, lambda: self._open(interaction))

    async def _open(self, interaction: discord.Interaction[Any]) -> None:
        advisor = services_of(interaction).advisor
        asker = asker_of(interaction)
        await respond(
            interaction,
            lambda language: advisor.myth(asker, self.entry_id, language),
            language=self.language,
            private=True,
            view_for=answer_view,
        )


class MoreButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=rf"advisor:more:(?P<entry>{_ENTRY}):(?P<language>en|ar)",
):
    """ "More": the reasoning, every action and the source, shown to the person who clicked."""

    def __init__(self, *, entry_id: str, language: Language, label: str = "More") -> None:
        super().__init__(
            discord.ui.Button(
                style=discord.ButtonStyle.primary,
                label=truncate(label, BUTTON_LABEL_LIMIT),
                custom_id=f"advisor:more:{entry_id}:{language}",
            )
        )
        self.entry_id = entry_id
        self.language: Language = language

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> MoreButton:
        return cls(entry_id=match["entry"], language=cast(Language, match["language"]))

    async def interaction_check(self, interaction: discord.Interaction[Any], /) -> bool:
        return await accepting(interaction)

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        await answering(interaction, lambda: self._open(interaction))

    async def _open(self, interaction: discord.Interaction[Any]) -> None:
        advisor = services_of(interaction).advisor
        asker = asker_of(interaction)
        await respond(
            interaction,
            lambda language: advisor.myth(asker, self.entry_id, language),
            language=self.language,
            private=True,
            embed_for=_more,
        )


def _more(reply: Reply) -> discord.Embed:
    return more_embed(reply) if isinstance(reply, Answer) else render(reply)


def answer_view(reply: Reply) -> discord.ui.View | None:
    """Under every answer: More, 👍/👎, "Did you mean …?" when the match was close, and one
    button per related entry. Under a decline, one button per entry that may still help."""
    if isinstance(reply, Notice) and reply.may_help:
        pointers = discord.ui.View(timeout=None)
        for entry in reply.may_help[:RELATED_BUTTONS]:
            pointers.add_item(
                MythButton(entry_id=entry.entry_id, language=reply.language, label=entry.title)
            )
        return pointers
    if not isinstance(reply, Answer):
        return None
    lang = reply.language
    view = discord.ui.View(timeout=None)
    more = t("more.button_personal" if reply.personalised else "more.button", lang)
    view.add_item(MoreButton(entry_id=reply.entry_id, language=lang, label=more))
    view.add_item(VoteButton(vote="up", entry_id=reply.entry_id))
    view.add_item(VoteButton(vote="down", entry_id=reply.entry_id))
    offered = {reply.entry_id}
    if reply.did_you_mean is not None:
        label = t("answer.did_you_mean", lang, title=reply.did_you_mean.title)
        view.add_item(MythButton(entry_id=reply.did_you_mean.entry_id, language=lang, label=label))
        offered.add(reply.did_you_mean.entry_id)
    # Custom ids are unique per message: an entry already offered is not offered twice.
    for related in reply.related[:RELATED_BUTTONS]:
        if related.entry_id not in offered:
            offered.add(related.entry_id)
            view.add_item(MythButton(entry_id=related.entry_id, language=lang, label=related.title))
    return view


DYNAMIC_ITEMS: tuple[type[discord.ui.DynamicItem[Any]], ...] = (VoteButton, MythButton, MoreButton)
