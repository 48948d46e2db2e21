"""The one way into the core for something a person asked: a typed request in, a reply out.

Every adapter path (a Slack mention or button, a Discord slash command, a console line) hands
`RequestHandler` a `Request` and shows what comes back. The handler never raises (cancellation
aside): a user's mistake becomes a polite notice naming it; anything else becomes a short
apology in the asker's language carrying an incident reference, and is logged once under that
reference. Adapters are left with their own platform's failures: a reply that cannot be sent,
a rate limit.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, replace
from typing import Protocol, TypeVar

from bot.advisor import Asker
from bot.errors import InvalidInput, PlatformError, StorageError, UserFacingError
from bot.i18n import t
from bot.ports import EventLedger
from bot.profiles import explain_invalid
from bot.replies import Notice, Reply
from bot.text import Language, detect_language

log = logging.getLogger(__name__)

_T = TypeVar("_T")
# A typed command (a slash command's options, a button): the core call to make, given who
# asks (admin rights resolved) and the language to answer in.
Command = Callable[[Asker, Language], Awaitable[_T]]
# Whether the asker is an admin, for platforms that charge for asking (Slack's users.info):
# called for a typed command, and for a message only when it is a command an admin may need.
AdminCheck = Callable[[], Awaitable[bool]]


@dataclass(frozen=True, kw_only=True)
class Request:
    """Who asks, where, and what: a message to read, or a typed command to run."""

    asker: Asker
    text: str = ""
    command: Command[Reply] | None = None
    # The language to answer in when the surface knows it (a button carries its answer's);
    # None reads it from the text, else the team's profile.
    language: Language | None = None
    admin_check: AdminCheck | None = None
    # Where it came from ("slack.mention", "discord.button"), for the log.
    surface: str = "request"


@dataclass(frozen=True)
class Failure:
    """What a request that did not succeed gives the asker: a notice, already worded."""

    reply: Notice
    # The field a user's mistake is about (a form shows the reason under it); None otherwise.
    field: str | None = None

    @property
    def reason(self) -> str:
        """The notice in one line (a form shows it under a field)."""
        return " ".join(self.reply.lines) or self.reply.title


class TextCommands(Protocol):
    """How the core reads a typed message (bot/commands.py's router)."""

    async def language_for(self, asker: Asker, text: str) -> Language: ...

    def needs_admin(self, text: str) -> bool: ...

    async def read(self, asker: Asker, text: str, language: Language) -> Reply: ...


class RequestHandler:
    def __init__(self, commands: TextCommands, *, ledger: EventLedger | None = None) -> None:
        self._commands = commands
        self._ledger = ledger

    async def handle(self, request: Request) -> Reply:
        """The reply to `request`; never raises."""
        outcome = await self.run(request, request.command or self._read_text(request))
        return outcome.reply if isinstance(outcome, Failure) else outcome

    async def handle_once(self, request: Request, delivery: Sequence[str]) -> Reply | None:
        """As `handle`, for a platform that may deliver the same message twice (Slack retries
        an event, and re-sends a mention when it is edited): None when any of the `delivery`
        keys was answered before. Every key is recorded at once, so two replicas cannot each
        see the other's key first and both stay silent."""
        command = request.command or self._read_text(request)

        async def once(asker: Asker, language: Language) -> Reply | None:
            if delivery and self._ledger is not None:
                platform = asker.workspace.platform
                if not await self._ledger.first_delivery(platform, *delivery):
                    log.info("repeated delivery ignored", extra={"keys": ",".join(delivery)})
                    return None
            return await command(asker, language)

        outcome = await self.run(request, once)
        return outcome.reply if isinstance(outcome, Failure) else outcome

    async def run(self, request: Request, command: Command[_T]) -> _T | Failure:
        """`command`'s result, or the `Failure` to show instead; never raises.

        For surfaces whose result is not a reply (a form to open, a home tab to publish).
        """
        language = await self._language(request)
        try:
            asker = await self._asker(request)
            return await command(asker, language)
        except UserFacingError as exc:
            return _refusal(exc, language)
        except Exception as exc:
            return self._incident(exc, request, language)

    def _read_text(self, request: Request) -> Command[Reply]:
        async def read(asker: Asker, language: Language) -> Reply:
            return await self._commands.read(asker, request.text, language)

        return read

    async def _language(self, request: Request) -> Language:
        """The surface's, else the text's or the team's; should the team's profile not be
        readable, the text's (English when it has none): the request itself may still work."""
        if request.language is not None:
            return request.language
        try:
            return await self._commands.language_for(request.asker, request.text)
        except Exception as exc:
            log.warning(
                "the profile's language could not be read",
                extra={"surface": request.surface, "error": type(exc).__name__},
            )
            return detect_language(request.text)

    async def _asker(self, request: Request) -> Asker:
        check = request.admin_check
        if check is None or request.asker.is_admin:
            return request.asker
        # A typed command is explicit; a message pays for the lookup only when it is one of
        # the commands an admin may need (a wrong guess costs a polite "admins only").
        if request.text and not self._commands.needs_admin(request.text):
            return request.asker
        return replace(request.asker, is_admin=await check())

    def _incident(self, exc: Exception, request: Request, language: Language) -> Failure:
        """Logs `exc` once under a fresh reference and words the apology that quotes it."""
        reference = secrets.token_hex(3)
        where = {
            "incident": reference,
            "surface": request.surface,
            "platform": request.asker.workspace.platform,
        }
        if isinstance(exc, StorageError | PlatformError):
            # The cause is known and already worded; a traceback per request would flood the log.
            log.error("request failed: %s", type(exc).__name__, extra={**where, "reason": str(exc)})
            key = "error.storage" if isinstance(exc, StorageError) else "error.internal"
        else:
            log.exception("request failed", extra=where)
            key = "error.internal"
        return Failure(apology(language, key, reference=reference))


def apology(language: Language, key: str = "error.internal", *, reference: str = "") -> Notice:
    """The short "sorry" a person gets when their request failed on our side."""
    lines = [t(key, language)]
    if reference:
        lines.append(t("error.reference", language, reference=reference))
    return Notice(language, "error", t("error.title", language), lines, private=True)


def _refusal(exc: UserFacingError, language: Language) -> Failure:
    reason = explain_invalid(exc, language) if isinstance(exc, InvalidInput) else exc.message
    notice = Notice(language, "error", t("error.title", language), [reason], private=True)
    return Failure(notice, field=exc.field)
