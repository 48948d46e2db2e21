"""What each Slack listener does: translate the event, call the core, post the rendered reply.

Bolt injects listener arguments by name (`body`, `event`, `context`, `client`, `ack`,
`respond`), so the method signatures below are part of the contract with bolt.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import replace
from typing import Any, Protocol

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.admins import AdminDirectory
from adapters.slack.api_errors import ApiErrors, error_code
from adapters.slack.blocks import SlackMessage, home_view, more_message, render
from adapters.slack.home_chart import HomeChart, HomeCharts
from adapters.slack.inflight import InFlight
from adapters.slack.modal import (
    error_block,
    modal_language,
    not_permitted_modal,
    parse_submission,
    profile_modal,
)
from adapters.slack.safety import strip_mention
from bot.advisor import Asker
from bot.app import Core
from bot.commands import command_name, may_need_admin
from bot.errors import InvalidInput, NotPermitted, StorageError, UserFacingError
from bot.i18n import t
from bot.insights import InsightsReport
from bot.ports import Vote
from bot.profiles import WorkspaceKey
from bot.replies import Answer, Notice, Reply
from bot.text import Language, clean, detect_language

log = logging.getLogger(__name__)

PLATFORM = "slack"
_EDIT_WORDS = {"", "edit", "form", "تعديل"}


class WorkspaceStopper(Protocol):
    async def stop_workspace(self, workspace: WorkspaceKey) -> Any: ...


class TokenRevoker(Protocol):
    async def revoke_all(self, context: AsyncBoltContext) -> None: ...

    async def revoke_tokens(self, event: dict[str, Any], context: AsyncBoltContext) -> bool:
        """Removes the revoked tokens; True when the bot token was among them."""
        ...


def workspace_id_of(context: AsyncBoltContext) -> str | None:
    """The one key of a workspace, the same for events, commands, forms and App Home.

    An org-wide (Enterprise Grid) install serves the whole organisation as one workspace: its
    enterprise id, whichever of its teams a payload comes from (events may carry no team id
    at all, commands and forms carry the team's). Any other install: the team id. None when
    the payload names neither (such payloads are refused, see `adapters.slack.app`)."""
    if context.is_enterprise_install and context.enterprise_id:
        return str(context.enterprise_id)
    return str(context.team_id) if context.team_id else None


def workspace_of(context: AsyncBoltContext) -> WorkspaceKey:
    workspace = workspace_id_of(context)
    if workspace is None:  # refused by the app's middleware before any listener runs
        raise ValueError("a Slack payload without a workspace reached a listener")
    return WorkspaceKey(PLATFORM, workspace)


# Message subtypes that still carry what a person typed; every other subtype (edits,
# deletions, joins, bot messages) is not a question.
_HUMAN_SUBTYPES = frozenset({None, "file_share", "thread_broadcast", "me_message"})


def _delivery_keys(body: dict[str, Any], event: dict[str, Any]) -> list[str]:
    """What makes a delivery a repeat: Slack's retries repeat the event id, and an edit of a
    message that mentions the bot arrives as a new event for the same message (`ts`)."""
    keys = []
    if event_id := body.get("event_id"):
        keys.append(str(event_id))
    channel, ts = event.get("channel"), event.get("ts")
    if channel and ts:
        keys.append(f"message:{channel}:{ts}")
    return keys


def _from_a_bot(event: dict[str, Any]) -> bool:
    return bool(event.get("bot_id") or event.get("bot_profile")) or event.get("subtype") == (
        "bot_message"
    )


def _first_word(text: str) -> tuple[str, str]:
    """The command word (lower-cased) and the rest, read as the core reads them: after
    `clean`, which drops invisible marks and turns any run of whitespace into one space."""
    word, _, rest = clean(text).partition(" ")
    return word.lower(), rest


class SlackConversation:
    def __init__(
        self,
        *,
        core: Core,
        admins: AdminDirectory,
        inflight: InFlight,
        revoker: TokenRevoker | None = None,
        api_errors: ApiErrors | None = None,
        charts: HomeCharts | None = None,
    ) -> None:
        self._core = core
        self._admins = admins
        self._inflight = inflight
        self._revoker = revoker
        self._api_errors = api_errors or ApiErrors()
        self._charts = charts or HomeCharts(api_errors=self._api_errors)

    # Shared with the listeners that live in their own modules (shortcut, assistant).
    @property
    def core(self) -> Core:
        return self._core

    @property
    def inflight(self) -> InFlight:
        return self._inflight

    @property
    def api_errors(self) -> ApiErrors:
        return self._api_errors

    # -- events -------------------------------------------------------------------------

    async def on_mention(
        self,
        body: dict[str, Any],
        event: dict[str, Any],
        context: AsyncBoltContext,
        client: AsyncWebClient,
    ) -> None:
        if _from_a_bot(event):
            return
        async with self._inflight.work():
            question = strip_mention(event.get("text") or "", context.bot_user_id)
            channel = event["channel"]
            thread_ts = event.get("thread_ts") or event.get("ts")
            await self._answer(
                client,
                context,
                question,
                channel=channel,
                user=event.get("user"),
                thread_ts=thread_ts,
                in_dm=False,
                delivery=_delivery_keys(body, event),
            )

    async def on_message(
        self,
        body: dict[str, Any],
        event: dict[str, Any],
        context: AsyncBoltContext,
        client: AsyncWebClient,
    ) -> None:
        # Only direct messages: the app never speaks unprompted in channels. Edits, deletions
        # and joins are not questions; a file or "also send to channel" still carries one.
        if (
            event.get("channel_type") != "im"
            or event.get("subtype") not in _HUMAN_SUBTYPES
            or _from_a_bot(event)
        ):
            return
        async with self._inflight.work():
            question = strip_mention(event.get("text") or "", context.bot_user_id)
            await self._answer(
                client,
                context,
                question,
                channel=event["channel"],
                user=event.get("user"),
                thread_ts=event.get("thread_ts"),
                in_dm=True,
                delivery=_delivery_keys(body, event),
            )

    async def on_home_opened(
        self, event: dict[str, Any], context: AsyncBoltContext, client: AsyncWebClient
    ) -> None:
        if event.get("tab", "home") != "home" or not event.get("user"):
            return
        async with self._inflight.work():
            await self._guard(
                lambda: self._publish_home(client, context, event["user"]),
                what="views.publish",
                apology=None,
            )

    async def on_uninstalled(self, context: AsyncBoltContext) -> None:
        workspace = workspace_of(context)
        if self._revoker is not None:
            await self._revoker.revoke_all(context)
        await self._stop_reminders(workspace)
        log.info("slack app uninstalled", extra={"workspace": workspace.workspace_id})

    async def on_tokens_revoked(self, event: dict[str, Any], context: AsyncBoltContext) -> None:
        workspace = workspace_of(context)
        bot_revoked = bool(event.get("tokens", {}).get("bot"))
        if self._revoker is not None:
            bot_revoked = await self._revoker.revoke_tokens(event, context)
        if bot_revoked:
            await self._stop_reminders(workspace)
        log.info("slack tokens revoked", extra={"workspace": workspace.workspace_id})

    # -- /advisor ------------------------------------------------------------------------

    async def on_command(
        self,
        ack: AsyncAck,
        command: dict[str, Any],
        context: AsyncBoltContext,
        client: AsyncWebClient,
        respond: AsyncRespond,
    ) -> None:
        await ack()  # within 3 s, before any work
        async with self._inflight.work():
            text = clean(command.get("text") or "")
            rest = _first_word(text)[1]
            user = command.get("user_id")

            async def run() -> None:
                if command_name(text) == "profile" and rest.lower() in _EDIT_WORDS:
                    # The form for admins. Bare "profile" is "show" for anyone else (the core
                    # answers below); an explicit "profile edit" gets the read-only notice.
                    admin = await self._is_admin(client, context, user)
                    if admin or rest:
                        trigger = command.get("trigger_id")
                        await self._open_profile(client, context, trigger, admin=admin)
                        return
                asker = await self._asker(
                    client, context, user=user, channel=command.get("channel_id"), text=text
                )
                reply = await self._core.commands.handle(asker, text)
                await self._respond(respond, reply)

            await self._guard(
                run,
                what="command",
                apology=lambda notice: self._respond(respond, notice),
                language=detect_language(text),
            )

    # -- buttons and the profile form ----------------------------------------------------

    async def on_vote(
        self,
        ack: AsyncAck,
        body: dict[str, Any],
        action: dict[str, Any],
        context: AsyncBoltContext,
        respond: AsyncRespond,
    ) -> None:
        await ack()
        async with self._inflight.work():
            container = body.get("container") or {}
            channel = container.get("channel_id") or (body.get("channel") or {}).get("id", "")
            message_ts = container.get("message_ts") or (body.get("message") or {}).get("ts", "")
            vote: Vote = "up" if action.get("action_id", "").endswith("_up") else "down"
            asker = Asker(workspace_of(context), user_id=context.user_id or "", channel_id=channel)

            async def run() -> None:
                notice = await self._core.advisor.record_feedback(
                    asker,
                    answer_ref=f"{channel}:{message_ts}",
                    entry_id=str(action.get("value", "")),
                    vote=vote,
                )
                await self._respond(respond, notice)

            await self._guard(
                run, what="feedback", apology=lambda notice: self._respond(respond, notice)
            )

    async def on_did_you_mean(
        self,
        ack: AsyncAck,
        body: dict[str, Any],
        action: dict[str, Any],
        context: AsyncBoltContext,
        client: AsyncWebClient,
        respond: AsyncRespond,
    ) -> None:
        """ "Did you mean …?" and the related-entry buttons: that entry's answer, in the thread."""
        await self._open_in_thread(
            ack, body, action, context, client, respond, show=render, what="did_you_mean"
        )

    async def on_more(
        self,
        ack: AsyncAck,
        body: dict[str, Any],
        action: dict[str, Any],
        context: AsyncBoltContext,
        client: AsyncWebClient,
        respond: AsyncRespond,
    ) -> None:
        """ "More": the reasoning, every action and the source, in the answer's thread."""
        await self._open_in_thread(
            ack, body, action, context, client, respond, show=_more, what="more"
        )

    async def _open_in_thread(
        self,
        ack: AsyncAck,
        body: dict[str, Any],
        action: dict[str, Any],
        context: AsyncBoltContext,
        client: AsyncWebClient,
        respond: AsyncRespond,
        *,
        show: Callable[[Reply], SlackMessage],
        what: str,
    ) -> None:
        await ack()
        async with self._inflight.work():
            entry_id, _, lang = str(action.get("value", "")).partition("|")
            language: Language = "ar" if lang == "ar" else "en"
            container = body.get("container") or {}
            channel = container.get("channel_id") or (body.get("channel") or {}).get("id")
            message = body.get("message") or {}
            thread_ts = container.get("thread_ts") or message.get("thread_ts")
            thread_ts = thread_ts or container.get("message_ts") or message.get("ts")
            asker = Asker(workspace_of(context), user_id=context.user_id or "", channel_id=channel)

            message_ts = container.get("message_ts") or message.get("ts")
            # One post per button per message, whoever clicks and however often; a later click
            # gets its own private copy instead of a second post in the thread.
            once = f"{what}:{channel}:{message_ts}:{entry_id}:{language}"

            async def run() -> None:
                reply = await self._core.advisor.myth(asker, entry_id, language)
                rendered = show(reply)
                if container.get("is_ephemeral") or not channel:
                    await self._respond(respond, reply, shown=rendered)
                    return
                if message_ts and not await self._core.ledger.first_delivery(PLATFORM, once):
                    await self._respond(respond, reply, shown=replace(rendered, private=True))
                    return
                try:
                    await self._post(client, rendered, channel=channel, thread_ts=thread_ts)
                except SlackApiError as exc:
                    # An answer to /advisor sits where the bot may not be a member.
                    if error_code(exc) not in {"not_in_channel", "channel_not_found"}:
                        raise
                    self._api_errors.count(exc)  # handled, but still a refused call
                    await self._respond(respond, reply, in_channel=True, shown=rendered)

            await self._guard(
                run,
                what=what,
                apology=lambda n: self._respond(respond, n),
                language=language,
            )

    async def on_edit_profile(
        self,
        ack: AsyncAck,
        body: dict[str, Any],
        context: AsyncBoltContext,
        client: AsyncWebClient,
    ) -> None:
        await ack()
        async with self._inflight.work():

            async def run() -> None:
                admin = await self._is_admin(client, context, context.user_id)
                await self._open_profile(client, context, body.get("trigger_id"), admin=admin)

            await self._guard(run, what="views.open", apology=None)

    async def on_profile_submit(
        self,
        ack: AsyncAck,
        view: dict[str, Any],
        context: AsyncBoltContext,
        client: AsyncWebClient,
    ) -> None:
        # Errors must travel in the ack itself, so the work happens before it (a few ms).
        language = modal_language(view)
        user = context.user_id or ""
        workspace = workspace_of(context)
        try:
            admin = await self._admins.is_admin(
                client, team_id=workspace.workspace_id, user_id=user
            )
            asker = Asker(workspace, user_id=user, is_admin=admin)
            changes = parse_submission(view, language)
            await self._core.advisor.update_profile(asker, changes, language)
        except (InvalidInput, NotPermitted) as exc:
            block = error_block(exc.field if isinstance(exc, InvalidInput) else None)
            await ack(response_action="errors", errors={block: exc.message[:300]})
            return
        except Exception as exc:
            self._api_errors.count(exc)  # users.info may have failed; a bug counts nothing
            log.exception("saving the slack profile form failed")
            await ack(response_action="errors", errors={"platforms": t("error.internal", language)})
            return
        await ack()
        async with self._inflight.work():
            await self._guard(
                lambda: self._publish_home(client, context, user),
                what="views.publish",
                apology=None,
            )

    # -- helpers -------------------------------------------------------------------------

    async def _first_delivery(self, keys: Sequence[str]) -> bool:
        # Slack retries events it thinks failed, and re-sends a mention when the message is
        # edited; bolt de-duplicates neither. The ledger does: every key is recorded at once,
        # and a delivery any of whose keys was seen before is a repeat. Recording them one by
        # one would let two replicas each see the other's key first and both stay silent.
        if not keys:
            return True
        first = await self._core.ledger.first_delivery(PLATFORM, *keys)
        if not first:
            log.info("repeated slack delivery ignored", extra={"keys": ",".join(keys)})
        return first

    async def _asker(
        self,
        client: AsyncWebClient,
        context: AsyncBoltContext,
        *,
        user: str | None,
        channel: str | None,
        text: str,
    ) -> Asker:
        # The core says which commands may need an admin: only those pay for a users.info
        # lookup; a wrong guess costs a polite "admins only", never a leak.
        admin = may_need_admin(text) and await self._is_admin(client, context, user)
        return Asker(workspace_of(context), user_id=user or "", channel_id=channel, is_admin=admin)

    async def _answer(
        self,
        client: AsyncWebClient,
        context: AsyncBoltContext,
        question: str,
        *,
        channel: str,
        user: str | None,
        thread_ts: str | None,
        in_dm: bool,
        delivery: Sequence[str] = (),
    ) -> None:
        async def run() -> None:
            # Inside the guard: when the ledger cannot be written, the asker still hears why.
            if not await self._first_delivery(delivery):
                return
            asker = await self._asker(client, context, user=user, channel=channel, text=question)
            reply = await self._core.commands.handle(asker, question)
            await self._post(
                client,
                render(reply),
                channel=channel,
                thread_ts=thread_ts,
                ephemeral_to=None if in_dm else user,
            )

        async def apologise(notice: Notice) -> None:
            await self._post(
                client,
                render(notice),
                channel=channel,
                thread_ts=thread_ts,
                ephemeral_to=None if in_dm else user,
            )

        await self._guard(run, what="answer", apology=apologise, language=detect_language(question))

    async def _post(
        self,
        client: AsyncWebClient,
        message: SlackMessage,
        *,
        channel: str,
        thread_ts: str | None,
        ephemeral_to: str | None = None,
    ) -> None:
        if message.private and ephemeral_to:
            await client.chat_postEphemeral(
                channel=channel,
                user=ephemeral_to,
                text=message.text,
                blocks=message.blocks,
                thread_ts=thread_ts,
            )
            return
        await client.chat_postMessage(
            channel=channel,
            text=message.text,
            blocks=message.blocks,
            thread_ts=thread_ts,
            unfurl_links=False,
            unfurl_media=False,
        )

    async def _respond(
        self,
        respond: AsyncRespond,
        reply: Reply,
        *,
        in_channel: bool = False,
        shown: SlackMessage | None = None,
    ) -> None:
        message = shown or render(reply)
        public = in_channel or not message.private
        await respond(
            text=message.text,
            blocks=message.blocks,
            response_type="in_channel" if public else "ephemeral",
            replace_original=False,
        )

    async def _is_admin(
        self, client: AsyncWebClient, context: AsyncBoltContext, user: str | None
    ) -> bool:
        if not user:
            return False
        team = workspace_of(context).workspace_id
        return await self._admins.is_admin(client, team_id=team, user_id=user)

    async def _open_profile(
        self,
        client: AsyncWebClient,
        context: AsyncBoltContext,
        trigger_id: str | None,
        *,
        admin: bool,
    ) -> None:
        workspace = workspace_of(context)
        profile = await self._core.advisor.profile(workspace)
        language = await self._core.advisor.language_for(workspace)
        view = profile_modal(profile, language) if admin else not_permitted_modal(language)
        await client.views_open(trigger_id=trigger_id or "", view=view)

    async def _publish_home(
        self, client: AsyncWebClient, context: AsyncBoltContext, user: str
    ) -> None:
        workspace = workspace_of(context)
        language = await self._core.advisor.language_for(workspace)
        asker = Asker(workspace, user_id=user)
        admin = await self._is_admin(client, context, user)
        insights = self._core.advisor.insights
        report: InsightsReport | None = None
        notice: Notice | None = None
        chart: HomeChart | None = None
        if admin and insights is not None:
            report, notice = await insights.report_and_notice(workspace, language, is_admin=True)
            chart = await self._charts.chart_for(client, report)

        async def publish(chart: HomeChart | None) -> None:
            view = home_view(
                intro=self._core.advisor.introduction(language),
                profile=await self._core.advisor.show_profile(asker, language),
                myths=self._core.advisor.myths(language),
                can_edit=admin,
                insights=notice,
                chart=chart,
            )
            await client.views_publish(user_id=user, view=view)

        try:
            await publish(chart)
            return
        except SlackApiError as exc:
            if report is None or chart is None or not chart.file_id:
                raise
            if error_code(exc) != "invalid_blocks":
                raise
            self._api_errors.count(exc)
        # Slack would not show the file: one it has just received may still be processing.
        if chart.fresh:
            await asyncio.sleep(self._charts.processing_wait)
            try:
                await publish(chart)
                return
            except SlackApiError as exc:
                if error_code(exc) != "invalid_blocks":
                    raise
                self._api_errors.count(exc)
        log.warning("slack would not show the insights chart", extra={"fresh": chart.fresh})
        await self._charts.refused(client, report, chart.file_id)
        await publish(replace(chart, file_id=None, problem="failed"))

    async def _stop_reminders(self, workspace: WorkspaceKey) -> None:
        # The reminders feature hangs itself on the core as `reminders` when it is present.
        reminders: WorkspaceStopper | None = getattr(self._core, "reminders", None)
        if reminders is not None and hasattr(reminders, "stop_workspace"):
            await reminders.stop_workspace(workspace)

    async def _guard(
        self,
        work: Callable[[], Awaitable[None]],
        *,
        what: str,
        apology: Callable[[Notice], Awaitable[None]] | None,
        language: Language = "en",
    ) -> None:
        """Runs `work`; a failure is logged and the user gets a short message, never silence."""
        try:
            await work()
            return
        except UserFacingError as exc:
            notice = Notice(
                language, "error", t("error.title", language), [exc.message], private=True
            )
        except StorageError as exc:
            # The cause is known and already worded; a traceback per request would flood the log.
            log.error("slack: storage failed", extra={"call": what, "reason": str(exc)})
            notice = Notice(
                language,
                "error",
                t("error.title", language),
                [t("error.storage", language)],
                private=True,
            )
        except SlackApiError as exc:
            self._api_errors.count(exc)
            # The error code only: the response never carries a token, the request might.
            log.warning("slack api call failed", extra={"call": what, "error": error_code(exc)})
            notice = _apology(language)
        except Exception as exc:
            self._api_errors.count(exc)  # counts connection errors; a bug is only logged
            log.exception("slack listener failed", extra={"call": what})
            notice = _apology(language)
        if apology is None:
            return
        try:
            await apology(notice)
        except Exception as exc:  # the apology is best effort
            self._api_errors.count(exc)
            log.warning(
                "could not tell the user about a failure", extra={"error": type(exc).__name__}
            )


def _more(reply: Reply) -> SlackMessage:
    return more_message(reply) if isinstance(reply, Answer) else render(reply)


def _apology(language: Language) -> Notice:
    return Notice(
        language, "error", t("error.title", language), [t("error.internal", language)], private=True
    )
