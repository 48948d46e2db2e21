"""A fake Slack on 127.0.0.1: the Web API methods the adapter calls, response_url, and Socket
Mode (apps.connections.open plus a websocket that sends envelopes and collects acks).

Tokens name workspaces: `xoxb-<team>` is the bot token of team `<team>`; what each call did is
kept in `posts`, `views` and `calls` for tests to read.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import WSMsgType, web

BOT_USER = "UBOT"
BOT_ID = "BBOT"


@dataclass
class Post:
    """One message the bot put somewhere: chat.postMessage, chat.postEphemeral or response_url."""

    team: str
    channel: str
    text: str
    blocks: list[dict[str, Any]]
    thread_ts: str | None = None
    ephemeral_to: str | None = None
    via: str = "chat.postMessage"
    ts: str = ""
    metadata: dict[str, Any] | None = None

    @property
    def ephemeral(self) -> bool:
        return self.ephemeral_to is not None or self.via == "response_url:ephemeral"

    @property
    def everything(self) -> str:
        """All text a reader (or Slack's parser) would see: fallback text and every block."""
        return self.text + "\n" + json.dumps(self.blocks, ensure_ascii=False)

    def button(self, action_id: str) -> dict[str, Any]:
        for block in self.blocks:
            for element in block.get("elements", []):
                if element.get("action_id") == action_id:
                    return dict(element)
        raise AssertionError(f"no button {action_id} in {self.blocks}")

    def has_button(self, action_id: str) -> bool:
        try:
            self.button(action_id)
        except AssertionError:
            return False
        return True


@dataclass
class UploadedFile:
    """A file sent through the upload v2 flow: the URL handed out, the bytes, the completion."""

    id: str
    team: str
    filename: str
    length: int
    alt_text: str = ""
    data: bytes | None = None
    title: str = ""
    channel: str | None = None
    completed: bool = False
    deleted: bool = False


@dataclass
class Envelope:
    id: str
    acked: asyncio.Event = field(default_factory=asyncio.Event)
    ack: dict[str, Any] | None = None


class FakeSlack:
    def __init__(self, *, admins: set[str] | None = None) -> None:
        self.admins = admins or set()
        self.posts: list[Post] = []
        # Channels whose history the bot may not read (no channels:history scope).
        self.unreadable_channels: set[str] = set()
        self._plain_failures: dict[str, int] = {}
        # Users who belong to another team (Slack Connect): user id -> their own team id.
        self.home_teams: dict[str, str] = {}
        self.views: list[dict[str, Any]] = []  # views.publish and views.open, with "method"
        self.calls: list[str] = []
        # assistant.threads.* calls: {"method": …, and the arguments}.
        self.assistant_calls: list[dict[str, Any]] = []
        # The bot token's scopes, sent as X-OAuth-Scopes (as Slack does) when set.
        self.bot_scopes: str | None = None
        self.installed: set[str] = set()
        self._rate_limits: dict[str, list[int]] = {}
        self._holds: dict[str, asyncio.Event] = {}
        self.rejected_tokens: set[str] = set()  # answered invalid_auth, as a revoked token is
        # Files uploaded with files.getUploadURLExternal / completeUploadExternal, by id.
        self.files: dict[str, UploadedFile] = {}
        self._errors: dict[str, list[Any]] = {}
        self._unprocessed = 0  # views naming a file that Slack "is still processing"
        self.socket_url: str | None = None  # where apps.connections.open sends the client
        self._posted = asyncio.Condition()
        self._ts = 1_700_000_000
        self._runner: web.AppRunner | None = None
        self.port = 0
        # Socket Mode
        self.socket_connections = 0
        self._sockets: list[web.WebSocketResponse] = []
        self._connected = asyncio.Condition()
        self._envelopes: dict[str, Envelope] = {}

    # -- lifecycle ---------------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/api/{method}", self._api)
        app.router.add_get("/api/{method}", self._api)
        app.router.add_post("/respond/{team}/{channel}/{user}", self._respond)
        app.router.add_post("/upload/{file_id}", self._upload)
        app.router.add_get("/link", self._socket)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def close(self) -> None:
        for ws in list(self._sockets):
            await ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/"

    def response_url(self, team: str, channel: str, user: str) -> str:
        return f"http://127.0.0.1:{self.port}/respond/{team}/{channel}/{user}"

    # -- test controls -----------------------------------------------------------------

    def rate_limit(self, method: str, *, times: int = 1, retry_after: int = 1) -> None:
        """The next `times` calls of `method` get HTTP 429 with Retry-After."""
        self._rate_limits[method] = [times, retry_after]

    def fail_with_plain_text(self, method: str, *, times: int = 1) -> None:
        """The next `times` calls of `method` get a proxy's 503 text/plain."""
        self._plain_failures[method] = times

    def fail_with(self, method: str, error: str, *, times: int = 1) -> None:
        """The next `times` calls of `method` get Slack's `{"ok": false, "error": error}`."""
        self._errors[method] = [times, error]

    def still_processing(self, *, times: int = 1) -> None:
        """The next `times` views naming an uploaded file are refused as Slack refuses a file
        it has not finished processing (invalid_blocks, "invalid slack file")."""
        self._unprocessed = times

    def uploads(self) -> list[UploadedFile]:
        """Files whose upload was completed, oldest first."""
        return [file for file in self.files.values() if file.completed]

    def hold(self, method: str) -> asyncio.Event:
        """Calls of `method` wait until the returned event is set (a slow Slack)."""
        return self._holds.setdefault(method, asyncio.Event())

    async def wait_for_posts(self, count: int, *, within: float = 5.0) -> list[Post]:
        async with self._posted:
            await asyncio.wait_for(self._posted.wait_for(lambda: len(self.posts) >= count), within)
        return self.posts

    async def wait_for_views(self, count: int, *, within: float = 5.0) -> list[dict[str, Any]]:
        async with self._posted:
            await asyncio.wait_for(self._posted.wait_for(lambda: len(self.views) >= count), within)
        return self.views

    async def settle(self, seconds: float = 0.3) -> None:
        """Gives background work time to (not) post anything more."""
        await asyncio.sleep(seconds)

    # -- Web API -----------------------------------------------------------------------

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        self.calls.append(method)
        if method in self._holds:
            await self._holds[method].wait()
        if self._plain_failures.get(method):
            self._plain_failures[method] -= 1
            # What a proxy in front of Slack says during an outage: not Slack's JSON at all.
            return web.Response(
                status=503, text="upstream connect error", content_type="text/plain"
            )
        limit = self._rate_limits.get(method)
        if limit and limit[0] > 0:
            limit[0] -= 1
            return web.json_response(
                {"ok": False, "error": "ratelimited"},
                status=429,
                headers={"Retry-After": str(limit[1])},
            )
        failure = self._errors.get(method)
        if failure and failure[0] > 0:
            failure[0] -= 1
            return _error(str(failure[1]))
        args = await _arguments(request)
        token = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        token = token or str(args.get("token", ""))
        if token in self.rejected_tokens:
            return _error("invalid_auth")
        if method == "apps.connections.open":
            if not token.startswith("xapp-"):
                return _error("invalid_auth")
            url = self.socket_url or f"ws://127.0.0.1:{self.port}/link"
            return web.json_response({"ok": True, "url": url})
        if method == "oauth.v2.access":
            return self._oauth_access(args)
        team = _team(token)
        if team is None or (token.startswith("xoxb-oauth-") and team not in self.installed):
            return _error("invalid_auth")
        handler = getattr(self, "_" + method.replace(".", "_"), None)
        if handler is None:
            return _error("unknown_method")
        result: web.Response = await handler(team, args)
        return result

    async def _auth_test(self, team: str, args: dict[str, Any]) -> web.Response:
        headers = {"X-OAuth-Scopes": self.bot_scopes} if self.bot_scopes is not None else None
        return web.json_response(
            headers=headers,
            data={
                "ok": True,
                "url": f"https://{team.lower()}.slack.test/",
                "team": f"Team {team}",
                "team_id": team,
                "user": "advisor",
                "user_id": BOT_USER,
                "bot_id": BOT_ID,
                "is_enterprise_install": False,
            },
        )

    async def _chat_postMessage(self, team: str, args: dict[str, Any]) -> web.Response:
        channel = str(args.get("channel", ""))
        if channel.startswith("C_GONE"):
            return _error("channel_not_found")
        ts = self._next_ts()
        await self._record(
            Post(
                team=team,
                channel=channel,
                text=str(args.get("text", "")),
                blocks=_blocks(args.get("blocks")),
                thread_ts=args.get("thread_ts"),
                ts=ts,
                metadata=_json(args["metadata"]) if args.get("metadata") else None,
            )
        )
        return web.json_response({"ok": True, "channel": channel, "ts": ts})

    async def _assistant(self, method: str, team: str, args: dict[str, Any]) -> web.Response:
        if not args.get("channel_id"):
            return _error("channel_not_found")
        async with self._posted:
            self.assistant_calls.append({"method": method, "team": team, **args})
            self._posted.notify_all()
        return web.json_response({"ok": True})

    async def _assistant_threads_setSuggestedPrompts(
        self, team: str, args: dict[str, Any]
    ) -> web.Response:
        return await self._assistant("setSuggestedPrompts", team, args)

    async def _assistant_threads_setStatus(self, team: str, args: dict[str, Any]) -> web.Response:
        return await self._assistant("setStatus", team, args)

    async def _assistant_threads_setTitle(self, team: str, args: dict[str, Any]) -> web.Response:
        return await self._assistant("setTitle", team, args)

    async def _conversations_history(self, team: str, args: dict[str, Any]) -> web.Response:
        channel = str(args.get("channel", ""))
        if channel in self.unreadable_channels:
            return _error("missing_scope")
        with_metadata = str(args.get("include_all_metadata", "")).lower() in {"1", "true"}
        messages = [
            {
                "type": "message",
                "ts": post.ts,
                "text": post.text,
                **({"metadata": post.metadata} if with_metadata and post.metadata else {}),
            }
            for post in reversed(self.posts)
            if post.team == team and post.channel == channel and not post.ephemeral
        ]
        return web.json_response({"ok": True, "messages": messages, "has_more": False})

    async def _chat_postEphemeral(self, team: str, args: dict[str, Any]) -> web.Response:
        channel = str(args.get("channel", ""))
        await self._record(
            Post(
                team=team,
                channel=channel,
                text=str(args.get("text", "")),
                blocks=_blocks(args.get("blocks")),
                thread_ts=args.get("thread_ts"),
                ephemeral_to=str(args.get("user")),
                via="chat.postEphemeral",
            )
        )
        return web.json_response({"ok": True, "message_ts": self._next_ts()})

    async def _users_info(self, team: str, args: dict[str, Any]) -> web.Response:
        user = str(args.get("user", ""))
        admin = user in self.admins
        home_team = self.home_teams.get(user, team)
        return web.json_response(
            {
                "ok": True,
                "user": {"id": user, "team_id": home_team, "is_admin": admin, "is_owner": False},
            }
        )

    async def _files_getUploadURLExternal(self, team: str, args: dict[str, Any]) -> web.Response:
        filename = str(args.get("filename") or "")
        length = int(str(args.get("length") or 0))
        if not filename or length <= 0:
            return _error("missing_argument")
        file_id = f"F{uuid.uuid4().hex[:10].upper()}"
        self.files[file_id] = UploadedFile(
            id=file_id,
            team=team,
            filename=filename,
            length=length,
            alt_text=str(args.get("alt_txt") or ""),
        )
        url = f"http://127.0.0.1:{self.port}/upload/{file_id}"
        return web.json_response({"ok": True, "upload_url": url, "file_id": file_id})

    async def _upload(self, request: web.Request) -> web.Response:
        # Slack's upload host takes the raw bytes (or a form) and answers in plain text.
        file = self.files.get(request.match_info["file_id"])
        data = await request.read()
        if file is None or file.completed:
            return web.Response(status=404, text="not found")
        if len(data) != file.length:
            return web.Response(status=400, text="length mismatch")
        file.data = data
        return web.Response(text=f"OK - {len(data)}")

    async def _files_completeUploadExternal(self, team: str, args: dict[str, Any]) -> web.Response:
        listed = args.get("files")
        items = json.loads(listed) if isinstance(listed, str) else list(listed or [])
        done = []
        for item in items:
            file = self.files.get(str(item.get("id")))
            if file is None or file.team != team or file.data is None:
                return _error("file_not_found")
            file.title = str(item.get("title") or file.filename)
            file.channel = str(args["channel_id"]) if args.get("channel_id") else None
            file.completed = True
            # Right after completion Slack has not yet worked out the type (empty mimetype).
            done.append({"id": file.id, "name": file.filename, "title": file.title, "mimetype": ""})
        return web.json_response({"ok": True, "files": done})

    async def _files_delete(self, team: str, args: dict[str, Any]) -> web.Response:
        file = self.files.get(str(args.get("file")))
        if file is None or file.team != team or file.deleted:
            return _error("file_not_found")
        file.deleted = True
        return web.json_response({"ok": True})

    def _invalid_slack_files(self, team: str, view: dict[str, Any]) -> list[str]:
        """What Slack says of image blocks naming files it cannot show: unknown, another
        team's, deleted, never completed, not an image, or still processing."""
        errors = []
        for place, block in enumerate(view.get("blocks") or []):
            if block.get("type") != "image" or "slack_file" not in block:
                continue
            file = self.files.get(str(block["slack_file"].get("id")))
            pointer = f"[json-pointer:/blocks/{place}/slack_file]"
            showable = (
                file is not None
                and file.team == team
                and file.completed
                and not file.deleted
                and (file.data or b"").startswith(b"\x89PNG\r\n\x1a\n")
            )
            if not showable or self._unprocessed > 0:
                errors.append(f"invalid slack file {pointer}")
        if errors and self._unprocessed > 0:
            self._unprocessed -= 1
        return errors

    async def _views_publish(self, team: str, args: dict[str, Any]) -> web.Response:
        view = _json(args.get("view"))
        if errors := self._invalid_slack_files(team, view):
            return web.json_response({"ok": False, "error": "invalid_blocks", "errors": errors})
        async with self._posted:
            self.views.append(
                {"method": "views.publish", "team": team, "user": args.get("user_id"), **view}
            )
            self._posted.notify_all()
        return web.json_response({"ok": True, "view": {"id": "V1", **view}})

    async def _views_open(self, team: str, args: dict[str, Any]) -> web.Response:
        if not args.get("trigger_id"):
            return _error("invalid_trigger_id")
        view = _json(args.get("view"))
        async with self._posted:
            self.views.append({"method": "views.open", "team": team, **view})
            self._posted.notify_all()
        return web.json_response({"ok": True, "view": {"id": "V2", **view}})

    def _oauth_access(self, args: dict[str, Any]) -> web.Response:
        code = str(args.get("code", ""))
        team = code.removeprefix("code-")
        self.installed.add(team)
        return web.json_response(
            {
                "ok": True,
                "app_id": "A1",
                "authed_user": {"id": "U_INSTALLER"},
                "scope": "app_mentions:read,chat:write,commands",
                "token_type": "bot",
                "access_token": f"xoxb-oauth-{team}",
                "bot_user_id": BOT_USER,
                "team": {"id": team, "name": f"Team {team}"},
                "enterprise": None,
                "is_enterprise_install": False,
            }
        )

    async def _respond(self, request: web.Request) -> web.Response:
        body = await request.json()
        kind = "in_channel" if body.get("response_type") == "in_channel" else "ephemeral"
        await self._record(
            Post(
                team=request.match_info["team"],
                channel=request.match_info["channel"],
                text=str(body.get("text", "")),
                blocks=_blocks(body.get("blocks")),
                via=f"response_url:{kind}",
                ts=self._next_ts(),
            )
        )
        return web.Response(text="ok")

    async def _record(self, post: Post) -> None:
        async with self._posted:
            self.posts.append(post)
            self._posted.notify_all()

    def _next_ts(self) -> str:
        self._ts += 1
        return f"{self._ts}.000100"

    # -- Socket Mode -------------------------------------------------------------------

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        self._sockets.append(ws)
        await ws.send_json({"type": "hello", "num_connections": 1, "debug_info": {}})
        async with self._connected:
            self.socket_connections += 1
            self._connected.notify_all()
        try:
            async for message in ws:
                if message.type != WSMsgType.TEXT:
                    continue
                data = json.loads(message.data)
                envelope = self._envelopes.get(str(data.get("envelope_id")))
                if envelope is not None:
                    envelope.ack = data
                    envelope.acked.set()
        finally:
            async with self._connected:
                self._sockets.remove(ws)
                self._connected.notify_all()
        return ws

    async def wait_for_connections(self, count: int, *, within: float = 10.0) -> None:
        async with self._connected:
            await asyncio.wait_for(
                self._connected.wait_for(
                    lambda: self.socket_connections >= count and bool(self._sockets)
                ),
                within,
            )

    @property
    def open_sockets(self) -> int:
        return len(self._sockets)

    async def wait_for_no_sockets(self, *, within: float = 5.0) -> None:
        """Until the client has closed every Socket Mode connection."""
        async with self._connected:
            await asyncio.wait_for(self._connected.wait_for(lambda: not self._sockets), within)

    async def send_envelope(
        self, kind: str, payload: dict[str, Any], *, retry_attempt: int = 0
    ) -> Envelope:
        envelope = Envelope(id=str(uuid.uuid4()))
        self._envelopes[envelope.id] = envelope
        frame = {
            "envelope_id": envelope.id,
            "type": kind,
            "payload": payload,
            "accepts_response_payload": kind != "events_api",
            "retry_attempt": retry_attempt,
            "retry_reason": "timeout" if retry_attempt else "",
        }
        await self._sockets[-1].send_str(json.dumps(frame))
        return envelope

    async def disconnect(self) -> None:
        """Slack asks the client to reconnect, then drops the connection."""
        ws = self._sockets[-1]
        await ws.send_json({"type": "disconnect", "reason": "refresh_requested"})
        await ws.close()


def _team(token: str) -> str | None:
    if token.startswith("xoxb-oauth-"):
        return token.removeprefix("xoxb-oauth-")
    if token.startswith("xoxb-"):
        return token.removeprefix("xoxb-")
    return None


def _error(code: str) -> web.Response:
    return web.json_response({"ok": False, "error": code})


def _json(value: Any) -> dict[str, Any]:
    if isinstance(value, str):
        return dict(json.loads(value))
    return dict(value or {})


def _blocks(value: Any) -> list[dict[str, Any]]:
    if isinstance(value, str):
        return list(json.loads(value))
    return list(value or [])


async def _arguments(request: web.Request) -> dict[str, Any]:
    args: dict[str, Any] = dict(request.query)
    if request.can_read_body:
        raw = await request.text()
        if request.content_type == "application/json":
            args.update(json.loads(raw or "{}"))
        else:
            args.update(dict(parse_qsl(raw)))
    return args
