"""The message command "Check against the myths" (Apps → on any message) and its share button.

The check is shown to the invoker alone, with a "Share in channel" button. The button carries
what sharing needs in its custom_id (the claims found, the language, the message's id), so a
click works after a restart and nothing of the message is kept. Neither reply quotes the
message; the client's mention policy (none) covers the rest.
"""

from __future__ import annotations

import re
from typing import Any, Final, cast

import discord
from discord import app_commands

from adapters.discord.context import services_of
from adapters.discord.phrases import WORDS
from adapters.discord.respond import accepting, answering, respond
from adapters.discord.syntax import DISCORD
from bot.checking import CheckResult, check_message, describe
from bot.hints import Command
from bot.replies import Notice, Reply
from bot.text import Language, detect_language

NAME: Final = "Check against the myths"
_ENTRY: Final = r"[a-z0-9][a-z0-9_-]{0,39}"
CUSTOM_ID_LIMIT: Final = 100


def _text_of(message: discord.Message) -> str:
    """What a person reads in the message: its text and its embeds' text (a bot's post)."""
    parts = [message.content]
    for embed in message.embeds:
        parts += [embed.title or "", embed.description or ""]
    return "\n".join(part for part in parts if part)


def check_notice(result: CheckResult, *, private: bool, link: str | None = None) -> Notice:
    language = result.language
    lines = [result.text]
    if result.entry_ids:
        # Written as Discord's /myth takes them (`/myth number:4`), like every other hint.
        commands = " · ".join(
            f"`{DISCORD.command(Command('myth', (('number', entry_id),)), language)}`"
            for entry_id in result.entry_ids
        )
        lines.append(WORDS.format("check.full", language, commands=commands))
    if link:
        lines.append(WORDS.format("check.message", language, link=link))
    return Notice(language, "info", WORDS.format("check.title", language), lines, private=private)


def _jump_url(guild_id: int | None, channel_id: int | None, message_id: int) -> str | None:
    if channel_id is None or not message_id:
        return None
    return f"https://discord.com/channels/{guild_id or '@me'}/{channel_id}/{message_id}"


class ShareCheck(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=rf"advisor:check:(?P<ids>(?:{_ENTRY}(?:\.{_ENTRY})?)?):(?P<language>en|ar):(?P<message>\d{{1,20}})",
):
    """Posts the check in the channel, for everyone, when its invoker chooses to."""

    def __init__(self, *, entry_ids: tuple[str, ...], language: Language, message_id: int) -> None:
        ids = ".".join(entry_ids)
        custom_id = f"advisor:check:{ids}:{language}:{message_id}"
        if len(custom_id) > CUSTOM_ID_LIMIT:  # long team entry ids: the link is dropped
            message_id = 0
            custom_id = f"advisor:check:{ids}:{language}:0"
        super().__init__(
            discord.ui.Button(
                style=discord.ButtonStyle.primary,
                label=WORDS.format("check.share", language),
                custom_id=custom_id,
            )
        )
        self.entry_ids = entry_ids
        self.language: Language = language
        self.message_id = message_id

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> ShareCheck:
        ids = tuple(part for part in match["ids"].split(".") if part)
        language = cast(Language, match["language"])
        return cls(entry_ids=ids, language=language, message_id=int(match["message"]))

    async def interaction_check(self, interaction: discord.Interaction[Any], /) -> bool:
        return await accepting(interaction)

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        await answering(interaction, lambda: self._share(interaction))

    async def _share(self, interaction: discord.Interaction[Any]) -> None:
        knowledge = services_of(interaction).advisor.knowledge
        link = _jump_url(interaction.guild_id, interaction.channel_id, self.message_id)

        async def shared(_language: Language) -> Reply:
            # Rebuilt from the ids: a stale or forged id is dropped, not shown.
            result = describe(self.entry_ids, self.language, knowledge=knowledge)
            return check_notice(result, private=False, link=link)

        await respond(interaction, shared, language=self.language, private=False)


def check_menu() -> app_commands.ContextMenu:
    """A fresh command object for one tree (a restarted client builds its own)."""

    async def check(interaction: discord.Interaction[Any], message: discord.Message) -> None:
        advisor = services_of(interaction).advisor
        text = _text_of(message)
        found: list[CheckResult] = []

        async def checked(_language: Language) -> Reply:
            result = check_message(text, matcher=advisor.matcher, knowledge=advisor.knowledge)
            found.append(result)
            return check_notice(result, private=True)

        def share_view(reply: Reply) -> discord.ui.View | None:
            if not found or not isinstance(reply, Notice) or reply.kind != "info":
                return None  # an apology has nothing to share
            view = discord.ui.View(timeout=None)
            result = found[0]
            view.add_item(
                ShareCheck(
                    entry_ids=result.entry_ids, language=result.language, message_id=message.id
                )
            )
            return view

        await respond(
            interaction,
            checked,
            language=detect_language(text),
            private=True,
            view_for=share_view,
        )

    return app_commands.ContextMenu(name=NAME, callback=check)


CHECK_ITEMS: tuple[type[discord.ui.DynamicItem[Any]], ...] = (ShareCheck,)
