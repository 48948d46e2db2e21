"""bolt's requests and responses from and to the core's plain HTTP values (bot/http.py): the
two translations bolt's own framework adapters make, for whichever server `run` uses."""

from __future__ import annotations

from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse

from bot.http import HttpRequest, HttpResponse


def to_bolt_request(request: HttpRequest, body: str | None = None) -> AsyncBoltRequest:
    """`body`: the body already decoded by the caller; else it is decoded here."""
    text = request.body.decode("utf-8", "replace") if body is None else body
    return AsyncBoltRequest(body=text, query=request.query, headers=dict(request.headers))


def to_http_response(answer: BoltResponse) -> HttpResponse:
    """Every Set-Cookie bolt sets (OAuth state), the first value of any other header."""
    content_type: str | None = None
    headers: list[tuple[str, str]] = []
    for name, values in answer.headers.items():
        if not values:
            continue
        if name == "content-type":
            content_type = values[0]
        elif name == "set-cookie":
            headers.extend((name, value) for value in values)
        else:
            headers.append((name, values[0]))
    return HttpResponse(
        status=answer.status,
        body=answer.body.encode("utf-8"),
        content_type=content_type,
        headers=tuple(headers),
    )
