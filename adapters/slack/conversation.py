"""What each Slack listener does: translate the event, call the core, post the rendered reply.

Bolt injects listener arguments by name (`body`, `event`, `context`, `client`, `ack`,
`respond`), so the method signatures below are part of the contract with bolt.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any, Protocol

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.admins import AdminDirectory
from adapters.slack.api_errors import ApiErrors, error_code
from adapters.slack.blocks import SlackMessage, home_view, more_message, render
from adapters.slack.events import Click, Turn, from_a_bot, is_a_dm_question
from adapters.slack.home_chart import HomeChart, HomeCharts
from adapters.slack.inflight import InFlight
from adapters.slack.modal import (
    error_block,
    modal_language,
    not_permitted_modal,
    parse_submission,
    profile_modal,
)
from bot.advisor import Asker
from bot.app import Core
from bot.commands import command_name
from bot.insights import InsightsReport
from bot.ports import Vote
from bot.profiles import WorkspaceKey
from bot.replies import Answer, MythList, Notice, ProfileView, Reply
from bot.request import AdminCheck, Failure, Request, apology
from bot.text import Language, clean

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
    def admins(self) -> AdminDirectory:
        return self._admins

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
        if from_a_bot(event):
            return
        await self._converse(client, context, Turn.of(body, event, context, in_dm=False))

    async def on_message(
        self,
        body: dict[str, Any],
        event: dict[str, Any],
        context: AsyncBoltContext,
        client: AsyncWebClient,
    ) -> None:
        if is_a_dm_question(event):
            await self._converse(client, context, Turn.of(body, event, context, in_dm=True))

    async def on_home_opened(
        self, event: dict[str, Any], context: AsyncBoltContext, client: AsyncWebClient
    ) -> None:
        if event.get("tab", "home") != "home" or not event.get("user"):
            return
        async with self._inflight.work():
            await self._publish_home(client, context, event["user"])

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
            user = command.get("user_id")
            if await self._edit_profile_instead(client, context, respond, command, text):
                return
            request = Request(
                asker=self._asker(context, user=user, channel=command.get("channel_id")),
                text=text,
                admin_check=self._admin_check(client, context, user),
                surface="slack.command",
            )
            reply = await self._core.requests.handle(request)
            await self._send("respond", lambda: self._respond(respond, reply))

    async def _edit_profile_instead(
        self,
        client: AsyncWebClient,
        context: AsyncBoltContext,
        respond: AsyncRespond,
        command: dict[str, Any],
        text: str,
    ) -> bool:
        """`profile` opens the form for admins; bare "profile" is "show" for anyone else (the
        core answers it), and an explicit "profile edit" gets the read-only form. True when
        a form was the answer."""
        rest = _first_word(text)[1]
        if command_name(text) != "profile" or rest.lower() not in _EDIT_WORDS:
            return False
        admin = await self._is_admin(client, context, command.get("user_id"))
        if not (admin or rest):
            return False
        await self._open_profile(
            client, context, command.get("trigger_id"), admin=admin, respond=respond
        )
        return True

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
            advisor = self._core.advisor
            request = Request(
                asker=self._asker(context, user=context.user_id, channel=channel),
                command=lambda asker, _language: advisor.record_feedback(
                    asker,
                    answer_ref=f"{channel}:{message_ts}",
                    entry_id=str(action.get("value", "")),
                    vote=vote,
                ),
                surface="slack.vote",
            )
            notice = await self._core.requests.handle(request)
            await self._send("respond", lambda: self._respond(respond, notice))

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
        await ack()
        async with self._inflight.work():
            await self._open_in_thread(
                Click.of(body, action, what="did_you_mean"), context, client, respond, render
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
        await ack()
        async with self._inflight.work():
            await self._open_in_thread(
                Click.of(body, action, what="more"), context, client, respond, _more
            )

    async def _open_in_thread(
        self,
        click: Click,
        context: AsyncBoltContext,
        client: AsyncWebClient,
        respond: AsyncRespond,
        show: Callable[[Reply], SlackMessage],
    ) -> None:
        """One post per button per message, whoever clicks and however often; a later click,
        or a click on a private message, gets its own private copy."""
        advisor, ledger = self._core.advisor, self._core.ledger

        async def opened(asker: Asker, language: Language) -> tuple[Reply, bool]:
            reply = await advisor.myth(asker, click.entry_id, language)
            if click.private or not click.channel:
                return reply, False
            first = not click.message_ts or await ledger.first_delivery(PLATFORM, click.once)
            return reply, first

        request = Request(
            asker=self._asker(context, user=context.user_id, channel=click.channel),
            language=click.language,
            surface=f"slack.{click.what}",
        )
        outcome = await self._core.requests.run(request, opened)
        if isinstance(outcome, Failure):
            await self._send("respond", lambda: self._respond(respond, outcome.reply))
            return
        reply, to_thread = outcome
        rendered = show(reply)
        if not to_thread:
            private = (
                rendered if click.private or not click.channel else replace(rendered, private=True)
            )
            await self._send("respond", lambda: self._respond(respond, reply, shown=private))
            return
        await self._send(
            "chat.postMessage",
            lambda: self._post_in_thread(client, respond, click, reply, rendered),
            apologise=lambda notice: self._respond(respond, notice),
            language=reply.language,
        )

    async def _post_in_thread(
        self,
        client: AsyncWebClient,
        respond: AsyncRespond,
        click: Click,
        reply: Reply,
        rendered: SlackMessage,
    ) -> None:
        try:
            await self._post(
                client, rendered, channel=click.channel or "", thread_ts=click.thread_ts
            )
        except SlackApiError as exc:
            # An answer to /advisor sits where the bot may not be a member.
            if error_code(exc) not in {"not_in_channel", "channel_not_found"}:
                raise
            self._api_errors.count(exc)  # handled, but still a refused call
            await self._respond(respond, reply, in_channel=True, shown=rendered)

    async def on_edit_profile(
        self,
        ack: AsyncAck,
        body: dict[str, Any],
        context: AsyncBoltContext,
        client: AsyncWebClient,
    ) -> None:
        await ack()
        async with self._inflight.work():
            admin = await self._is_admin(client, context, context.user_id)
            await self._open_profile(client, context, body.get("trigger_id"), admin=admin)

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
        advisor = self._core.advisor

        async def save(asker: Asker, language: Language) -> Reply:
            changes = parse_submission(view, language)
            return await advisor.update_profile(asker, changes, language)

        request = Request(
            asker=self._asker(context, user=user, channel=None),
            language=language,
            admin_check=self._admin_check(client, context, user),
            surface="slack.profile_form",
        )
        saved = await self._core.requests.run(request, save)
        if isinstance(saved, Failure):
            errors = {error_block(saved.field): saved.reason[:300]}
            await self._send("ack", lambda: ack(response_action="errors", errors=errors))
            return
        await ack()
        async with self._inflight.work():
            await self._publish_home(client, context, user)

    # -- the named steps ------------------------------------------------------------------

    async def _converse(
        self, client: AsyncWebClient, context: AsyncBoltContext, turn: Turn
    ) -> None:
        """A mention or a direct message: one request, one answer where it was asked."""
        async with self._inflight.work():
            request = Request(
                asker=self._asker(context, user=turn.user, channel=turn.channel),
                text=turn.question,
                admin_check=self._admin_check(client, context, turn.user),
                surface=turn.surface,
            )
            reply = await self._core.requests.handle_once(request, turn.delivery)
            if reply is None:  # a repeated delivery, answered the first time
                return

            async def post(answer: Reply) -> None:
                await self._post(
                    client,
                    render(answer),
                    channel=turn.channel,
                    thread_ts=turn.thread_ts,
                    ephemeral_to=turn.ephemeral_to,
                )

            await self._send(
                "chat.postMessage",
                lambda: post(reply),
                apologise=post,
                language=reply.language,
            )

    def _asker(self, context: AsyncBoltContext, *, user: str | None, channel: str | None) -> Asker:
        return Asker(workspace_of(context), user_id=user or "", channel_id=channel)

    def _admin_check(
        self, client: AsyncWebClient, context: AsyncBoltContext, user: str | None
    ) -> AdminCheck:
        # Called by the core only for commands that may need an admin: only those pay for a
        # users.info lookup.
        return lambda: self._is_admin(client, context, user)

    async def _send(
        self,
        what: str,
        call: Callable[[], Awaitable[object]],
        *,
        apologise: Callable[[Notice], Awaitable[object]] | None = None,
        language: Language = "en",
    ) -> None:
        """One call to Slack. Its failure is counted and logged, and the asker is told when
        there is a way to (the apology itself is best effort)."""
        try:
            await call()
            return
        except Exception as exc:
            self._failed(exc, what)
        if apologise is None:
            return
        try:
            await apologise(apology(language))
        except Exception as exc:
            self._failed(exc, "apology")

    def _failed(self, exc: Exception, what: str) -> None:
        self._api_errors.count(exc)  # counts refused calls and lost connections, not bugs
        code = error_code(exc)
        if code is None:  # not Slack refusing: a bug in this adapter
            log.error("slack call failed", extra={"call": what}, exc_info=exc)
            return
        # The error code only: the response never carries a token, the request might.
        log.warning("slack api call failed", extra={"call": what, "error": code})

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
        respond: AsyncRespond | None = None,
    ) -> None:
        """The profile form (read-only for others than admins), in the team's language."""

        async def form(asker: Asker, language: Language) -> dict[str, Any]:
            if not admin:
                return not_permitted_modal(language)
            return profile_modal(await self._core.advisor.profile(asker.workspace), language)

        asker = self._asker(context, user=context.user_id, channel=None)
        view = await self._core.requests.run(Request(asker=asker, surface="slack.form"), form)
        if isinstance(view, Failure):
            if respond is not None:
                await self._send("respond", lambda: self._respond(respond, view.reply))
            return
        await self._send(
            "views.open",
            lambda: client.views_open(trigger_id=trigger_id or "", view=view),
            apologise=None if respond is None else lambda notice: self._respond(respond, notice),
        )

    async def _publish_home(
        self, client: AsyncWebClient, context: AsyncBoltContext, user: str
    ) -> None:
        """App Home: the introduction, the profile, the myths and, for admins, insights."""
        advisor = self._core.advisor

        async def home(asker: Asker, language: Language) -> _Home:
            insights = advisor.insights
            report, notice = None, None
            if asker.is_admin and insights is not None:
                report, notice = await insights.report_and_notice(
                    asker.workspace, language, is_admin=True
                )
            return _Home(
                intro=advisor.introduction(language),
                profile=await advisor.show_profile(asker, language),
                myths=advisor.myths(language),
                can_edit=asker.is_admin,
                insights=notice,
                report=report,
            )

        request = Request(
            asker=self._asker(context, user=user, channel=None),
            admin_check=self._admin_check(client, context, user),
            surface="slack.home",
        )
        parts = await self._core.requests.run(request, home)
        if isinstance(parts, Failure):  # logged by the core; the tab keeps what it showed
            return
        authorized = context.authorize_result
        scopes = authorized.bot_scopes if authorized is not None else None
        await self._send(
            "views.publish", lambda: self._publish_with_chart(client, user, parts, scopes)
        )

    async def _publish_with_chart(
        self, client: AsyncWebClient, user: str, home: _Home, scopes: Sequence[str] | None
    ) -> None:
        report = home.report
        chart = (
            await self._charts.chart_for(client, report, bot_scopes=scopes)
            if report is not None
            else None
        )

        async def publish(chart: HomeChart | None) -> None:
            view = home_view(
                intro=home.intro,
                profile=home.profile,
                myths=home.myths,
                can_edit=home.can_edit,
                insights=home.insights,
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
        await self._charts.refused(client, report, chart)
        await publish(replace(chart, file_id=None, problem="failed"))

    async def _stop_reminders(self, workspace: WorkspaceKey) -> None:
        # The reminders feature hangs itself on the core as `reminders` when it is present.
        reminders: WorkspaceStopper | None = getattr(self._core, "reminders", None)
        if reminders is not None and hasattr(reminders, "stop_workspace"):
            await reminders.stop_workspace(workspace)


@dataclass(frozen=True)
class _Home:
    """What App Home shows, as the core worded it."""

    intro: Notice
    profile: ProfileView
    myths: MythList
    can_edit: bool
    insights: Notice | None
    # The admins' insights, for the chart; None for others.
    report: InsightsReport | None


def _more(reply: Reply) -> SlackMessage:
    return more_message(reply) if isinstance(reply, Answer) else render(reply)
