"""Answering an interaction: in time, in one place, and never with a traceback.

Discord drops an interaction not answered within 3 seconds. Most work here takes
milliseconds, so replying directly keeps one round trip; work still running after
`defer_after` seconds is deferred ("thinking…") and its reply sent as a followup.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any

import discord

from adapters.discord.context import api_errors_of
from adapters.discord.embeds import is_private, render
from adapters.discord.phrases import say
from bot.errors import UserFacingError
from bot.i18n import t
from bot.replies import Notice, Reply
from bot.text import Language

log = logging.getLogger(__name__)

ViewFor = Callable[[Reply], discord.ui.View | None]


async def respond(
    interaction: discord.Interaction[Any],
    work: Coroutine[Any, Any, Reply],
    *,
    language: Language,
    defer_after: float,
    private: bool | None = None,
    view_for: ViewFor | None = None,
) -> None:
    """Runs `work` and sends its reply; `private` None lets the reply decide."""
    api_errors = api_errors_of(interaction.client)
    task = asyncio.ensure_future(_safely(work, language))
    done, _ = await asyncio.wait({task}, timeout=defer_after)
    deferred_publicly = False
    if not done and not interaction.response.is_done():
        with api_errors.counting():
            await interaction.response.defer(ephemeral=bool(private), thinking=True)
        deferred_publicly = not private
    reply = await task
    if deferred_publicly and is_private(reply):
        # The "thinking…" placeholder is public and a followup inherits that; removing it
        # lets a refusal reach the asker alone.
        with api_errors.counting():
            await interaction.delete_original_response()
    await send_reply(interaction, reply, private=private, view_for=view_for)


async def send_reply(
    interaction: discord.Interaction[Any],
    reply: Reply,
    *,
    private: bool | None = None,
    view_for: ViewFor | None = None,
) -> None:
    ephemeral = is_private(reply) if private is None else private
    embed = render(reply)
    view = view_for(reply) if view_for is not None else None
    # Counted here and re-raised: the command tree's or view's on_error still sees it.
    with api_errors_of(interaction.client).counting():
        if interaction.response.is_done():
            if view is None:
                await interaction.followup.send(embed=embed, ephemeral=ephemeral)
            else:
                await interaction.followup.send(embed=embed, ephemeral=ephemeral, view=view)
        elif view is None:
            await interaction.response.send_message(embed=embed, ephemeral=ephemeral)
        else:
            await interaction.response.send_message(embed=embed, ephemeral=ephemeral, view=view)


def refusal(language: Language, message: str) -> Notice:
    return Notice(language, "error", t("error.title", language), [message], private=True)


async def _safely(work: Coroutine[Any, Any, Reply], language: Language) -> Reply:
    """User mistakes become polite notices; anything else is logged and apologised for."""
    try:
        return await work
    except UserFacingError as exc:
        return refusal(language, exc.message)
    except Exception:
        log.exception("discord handler failed")
        return refusal(language, t("error.internal", language))


async def accepting(interaction: discord.Interaction[Any]) -> bool:
    """False (after a polite "try again") while the bot is stopping."""
    if getattr(interaction.client, "accepting", True):
        return True
    language: Language = "en"  # No profile read here; Discord has no Arabic locale to go by.
    if interaction.type is not discord.InteractionType.autocomplete:
        embed = render(refusal(language, say("restarting", language)))
        with api_errors_of(interaction.client).counting():
            await interaction.response.send_message(embed=embed, ephemeral=True)
    return False
