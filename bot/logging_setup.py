"""Structured logs: `key=value` text or one JSON object per line, with secrets redacted.

The core logs context as `extra` fields (platform, workspace, channel, entry_id, confidence,
latency_ms); both formats print them. What people typed (`question`, `text`) is printed only
on DEBUG records. `SecretRedactor` runs on the handler, so every record is cleaned, whichever
logger (ours or a library's) produced it.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Final, TextIO

REDACTED: Final = "[REDACTED]"

# Slack bot/user/app/refresh tokens, Discord bot tokens (id.timestamp.hmac), Slack signing
# secrets (32 hex), and "secret=…"/"token: …" pairs whatever the value looks like.
_PATTERNS: Final = (
    re.compile(r"\bxox[abposre]-[A-Za-z0-9-]{8,}"),
    re.compile(r"\bxapp-[A-Za-z0-9-]{8,}"),
    re.compile(r"\b[A-Za-z0-9_-]{23,28}\.[A-Za-z0-9_-]{6,7}\.[A-Za-z0-9_-]{27,}"),
    re.compile(r"\b[0-9a-f]{32}\b"),
    re.compile(
        r"(?i)\b((?:signing|client|state)?[_ -]?secret|token|password|authorization)"
        r"(\"?\s*[=:]\s*\"?)(?:Bot |Bearer )?[^\s\"',}]+"
    ),
)

# Attributes every LogRecord has; anything else on a record came from `extra`.
_STANDARD: Final = frozenset(
    vars(logging.LogRecord("", 0, "", 0, "", None, None)).keys()
    | {"message", "asctime", "taskName"}
)
# Free text from users: never above DEBUG.
_USER_TEXT: Final = frozenset({"question", "text"})


class SecretRedactor(logging.Filter):
    """Replaces anything that looks like a token or secret, plus the configured values."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self._known = sorted({s for s in secrets if len(s) >= 6}, key=len, reverse=True)

    def redact(self, text: str) -> str:
        for secret in self._known:
            text = text.replace(secret, REDACTED)
        for pattern in _PATTERNS:
            if pattern.groups:
                text = pattern.sub(lambda m: f"{m.group(1)}{m.group(2)}{REDACTED}", text)
            else:
                text = pattern.sub(REDACTED, text)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:
            # A malformed call (wrong argument count) must not raise at the caller's log line.
            message = f"{record.msg} {record.args!r}"
        record.msg = self.redact(message)
        record.args = None
        for key, value in list(vars(record).items()):
            if key not in _STANDARD and isinstance(value, str):
                setattr(record, key, self.redact(value))
        if record.exc_info and not record.exc_text:
            # Tracebacks quote arguments and locals; format once here so they are cleaned too.
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        return True


def _extras(record: logging.LogRecord) -> dict[str, object]:
    fields: dict[str, object] = {}
    for key, value in vars(record).items():
        if key in _STANDARD or value is None:
            continue
        if key in _USER_TEXT and record.levelno > logging.DEBUG:
            continue
        fields[key] = value
    return fields


def _timestamp(record: logging.LogRecord) -> str:
    moment = datetime.fromtimestamp(record.created, UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _quote(value: object) -> str:
    text = str(value)
    if not text or any(ch.isspace() or ch in '="' for ch in text):
        return json.dumps(text, ensure_ascii=False)
    return text


class KeyValueFormatter(logging.Formatter):
    """`ts=… level=INFO logger=bot.advisor msg=question platform=slack …`"""

    def format(self, record: logging.LogRecord) -> str:
        parts = {
            "ts": _timestamp(record),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
            **_extras(record),
        }
        line = " ".join(f"{key}={_quote(value)}" for key, value in parts.items())
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            line += "\n" + record.exc_text
        return line


class JsonFormatter(logging.Formatter):
    """One JSON object per line, for log collectors."""

    def format(self, record: logging.LogRecord) -> str:
        row: dict[str, object] = {
            "ts": _timestamp(record),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
            **_extras(record),
        }
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            row["exc"] = record.exc_text
        return json.dumps(row, ensure_ascii=False, default=str)


def configure_logging(
    level: str = "INFO",
    log_format: str = "text",
    *,
    secrets: Iterable[str] = (),
    stream: TextIO | None = None,
) -> logging.Handler:
    """Replaces the root logger's handlers with one structured, redacting handler."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter() if log_format == "json" else KeyValueFormatter())
    handler.addFilter(SecretRedactor(secrets))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    return handler
