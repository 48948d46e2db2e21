"""Answering an interaction: in time, in one place, and never with a traceback.

Discord drops an interaction not answered within 3 seconds of its creation (error 10062), and
that clock starts before the gateway delivers it. Most work here takes milliseconds, so
replying directly keeps one round trip; work still running `defer_after` seconds after Discord
created the interaction is deferred ("thinking…") and its reply sent as a followup. Nothing
slow (such as the profile read for the language) happens before that clock is watched.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import discord
from discord import app_commands

from adapters.discord.api_errors import ApiErrors
from adapters.discord.context import (
    Services,
    api_errors_of,
    asker_of,
    language_of,
    services_of,
)
from adapters.discord.embeds import is_private, render
from adapters.discord.phrases import say
from bot.i18n import t
from bot.replies import Notice, Reply
from bot.request import Request
from bot.text import Language

log = logging.getLogger(__name__)

ViewFor = Callable[[Reply], discord.ui.View | None]
EmbedFor = Callable[[Reply], discord.Embed]
# The work of one handler, given the language to answer in (resolved inside `respond`).
Work = Callable[[Language], Awaitable[Reply]]

# Discord's limit for the first response, counted from the interaction's creation.
RESPONSE_LIMIT = 3.0
# The longest wait for the profile's language when only an apology depends on it.
LANGUAGE_WAIT = 0.5
# Set in `interaction.extras` once the "thinking…" placeholder is gone.
_PLACEHOLDER_DELETED = "advisor.placeholder_deleted"


async def respond(
    interaction: discord.Interaction[Any],
    work: Work,
    *,
    language: Language | None = None,
    private: bool | None = None,
    view_for: ViewFor | None = None,
    embed_for: EmbedFor = render,
) -> None:
    """Runs `work` and sends its reply; `private` None lets the reply decide.

    `language` None means the workspace profile's, read inside the deadline rather than
    before it.
    """
    services = services_of(interaction)
    api_errors = services.api_errors
    task = asyncio.ensure_future(_handled(interaction, work, language))
    try:
        done, _ = await asyncio.wait({task}, timeout=defer_delay(interaction, services.defer_after))
        deferred_publicly = False
        if not done and not interaction.response.is_done():
            with api_errors.counting():
                await interaction.response.defer(ephemeral=bool(private), thinking=True)
            deferred_publicly = not private
        reply = await task
    finally:
        task.cancel()  # a no-op once finished; stops the work when the deferral failed
    if deferred_publicly and is_private(reply):
        # The "thinking…" placeholder is public and a followup inherits that; removing it
        # lets a refusal reach the asker alone.
        with api_errors.counting():
            await interaction.delete_original_response()
        interaction.extras[_PLACEHOLDER_DELETED] = True
    await send_reply(interaction, reply, private=private, view_for=view_for, embed_for=embed_for)


def age_of(interaction: discord.Interaction[Any]) -> float:
    """Seconds since Discord created the interaction (negative if our clock is behind)."""
    return (discord.utils.utcnow() - interaction.created_at).total_seconds()


def defer_delay(interaction: discord.Interaction[Any], defer_after: float) -> float:
    """How long the work may still run before deferring: 0 when the deadline has passed.

    Never more than `defer_after` from now, so a clock behind Discord's cannot push it late.
    """
    return min(defer_after, max(0.0, defer_after - age_of(interaction)))


async def send_reply(
    interaction: discord.Interaction[Any],
    reply: Reply,
    *,
    private: bool | None = None,
    view_for: ViewFor | None = None,
    embed_for: EmbedFor = render,
) -> None:
    ephemeral = is_private(reply) if private is None else private
    embed = embed_for(reply)
    view = view_for(reply) if view_for is not None else None
    # Counted here and re-raised: the command tree's or button's error handler still sees it.
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


async def _handled(
    interaction: discord.Interaction[Any], work: Work, language: Language | None
) -> Reply:
    """`work` through the core's request handler: a failure comes back as a notice."""
    asker = asker_of(interaction)
    request = Request(
        asker=asker,
        # The work's coroutine is created only when it runs, so nothing is left unawaited.
        command=lambda _asker, chosen: work(chosen),
        # None: the profile's language, read inside the deadline rather than before it.
        language=language,
        surface=_surface(interaction),
    )
    return await services_of(interaction).requests.handle(request)


def _surface(interaction: discord.Interaction[Any]) -> str:
    command = interaction.command
    if command is not None:
        return f"discord./{command.qualified_name}"
    return "discord.button"


async def language_or_english(interaction: discord.Interaction[Any]) -> Language:
    """The profile's language when it comes quickly and in time, else English; never raises.

    Only for apologies: an unanswered interaction keeps a second for the reply itself.
    """
    services = getattr(interaction.client, "services", None)
    if not isinstance(services, Services):
        return "en"
    wait = LANGUAGE_WAIT
    if not interaction.response.is_done():
        wait = min(wait, RESPONSE_LIMIT - 1.0 - age_of(interaction))
    if wait <= 0:
        return "en"
    try:
        return await asyncio.wait_for(language_of(interaction, services.advisor), wait)
    except Exception:
        log.warning("discord: answering in English; the profile's language was not at hand")
        return "en"


async def apologise(interaction: discord.Interaction[Any], error: BaseException) -> None:
    """Tells the user a request failed, however far its answer got; never raises.

    Before any response this is the response. After a deferral the user would otherwise watch
    "thinking…" forever: the placeholder is removed and the apology sent as a private followup.
    The failed call itself was counted where it was made; calls made here are counted too.
    """
    language = await language_or_english(interaction)
    if isinstance(error, app_commands.TransformerError):
        # A stale or forged option, such as a channel of another server.
        reason = say("option.invalid", language)
    else:
        log.error("discord interaction failed", exc_info=error)
        reason = t("error.internal", language)
    embed = render(refusal(language, reason))
    api_errors = api_errors_of(interaction.client)
    if not interaction.response.is_done():
        await _best_effort(
            api_errors, interaction.response.send_message(embed=embed, ephemeral=True)
        )
        return
    # Only a "thinking…" placeholder is removed (a deferred update would be the clicked message).
    thinking = interaction.response.type is discord.InteractionResponseType.deferred_channel_message
    # The first followup would take the placeholder's place, and its visibility.
    if (
        thinking
        and not interaction.extras.get(_PLACEHOLDER_DELETED)
        and await _best_effort(api_errors, interaction.delete_original_response())
    ):
        interaction.extras[_PLACEHOLDER_DELETED] = True
    await _best_effort(api_errors, interaction.followup.send(embed=embed, ephemeral=True))


async def _best_effort(api_errors: ApiErrors, call: Awaitable[object]) -> bool:
    """Awaits one API call of an apology, counting and logging its failure."""
    try:
        with api_errors.counting():
            await call
    except Exception:
        log.warning("discord: the apology could not be sent", exc_info=True)
        return False
    return True


async def answering(
    interaction: discord.Interaction[Any], handler: Callable[[], Awaitable[None]]
) -> None:
    """Runs a button's handler; a failure is apologised for (discord.py would only log it)."""
    try:
        await handler()
    except Exception as exc:
        await apologise(interaction, exc)


async def accepting(interaction: discord.Interaction[Any]) -> bool:
    """False (after a polite "try again") while the bot is stopping, or while its work queue is
    full. An accepted interaction is counted in the queue until its task ends."""
    stopping = not getattr(interaction.client, "accepting", True)
    services = getattr(interaction.client, "services", None)
    work = services.work if isinstance(services, Services) else None
    if not stopping and (work is None or work.enter()):
        return True
    if interaction.type is not discord.InteractionType.autocomplete:
        language = await language_or_english(interaction)
        reason = "restarting" if stopping else "busy"
        embed = render(refusal(language, say(reason, language)))
        with api_errors_of(interaction.client).counting():
            await interaction.response.send_message(embed=embed, ephemeral=True)
    return False
