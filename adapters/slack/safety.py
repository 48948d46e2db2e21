"""Makes text safe to put in a Slack message: nothing a user typed may ping anyone.

Slack delivers user text with `& < >` escaped but control sequences (`<!channel>`,
`<!here>`, `<!subteam^…>`, `<@U…>`) raw. Unescaping first and escaping everything after shows
both exactly as typed, and leaves no `<…>` sequence for Slack to act on.
"""

from __future__ import annotations

import re

# A word joiner after "@" keeps "@here" readable but stops clients that link bare names.
_BROADCAST = re.compile(r"@(channel|here|everyone)\b", re.IGNORECASE)


def unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def neutralise(text: str) -> str:
    """Text to show in mrkdwn or plain_text: no control sequences, no broadcast words."""
    text = unescape(text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _BROADCAST.sub("@\u2060\\1", text)


def strip_mention(text: str, user_id: str | None) -> str:
    """The question without the bot's own `<@U…>` (or `<@U…|name>`) mention."""
    if not user_id:
        return text
    return re.sub(rf"<@{re.escape(user_id)}(?:\|[^>]*)?>", " ", text).strip()
