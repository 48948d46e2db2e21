"""Logs are structured, carry the core's context fields, and never show a token."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest

from bot.logging_setup import REDACTED, SecretRedactor, configure_logging

SLACK_BOT = "xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOpQrStUvWx"
SLACK_USER = "xoxp-1234567890-0987654321-1122334455-abcdef0123456789"
SLACK_APP = "xapp-1-A0123456789-1234567890123-abcdef0123456789abcdef"
DISCORD = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GaBcDe.AbCdEfGhIjKlMnOpQrStUvWxYz0123456789ab"
SIGNING = "8f14e45fceea167a5a36dedd4bea2543"


@pytest.fixture
def captured() -> Iterator[tuple[io.StringIO, logging.Logger]]:
    stream = io.StringIO()
    root = logging.getLogger()
    saved_handlers, saved_level = list(root.handlers), root.level
    configure_logging("DEBUG", "json", secrets=["my-own-odd-secret"], stream=stream)
    yield stream, logging.getLogger("bot.test")
    for handler in list(root.handlers):
        root.removeHandler(handler)
    for handler in saved_handlers:
        root.addHandler(handler)
    root.setLevel(saved_level)


def _lines(stream: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in stream.getvalue().splitlines() if line.startswith("{")]


@pytest.mark.parametrize("secret", [SLACK_BOT, SLACK_USER, SLACK_APP, DISCORD, SIGNING])
def test_token_shapes_are_redacted(secret: str) -> None:
    cleaned = SecretRedactor().redact(f"calling api with {secret} now")
    assert secret not in cleaned
    assert REDACTED in cleaned
    assert cleaned.startswith("calling api with ")


def test_key_value_pairs_are_redacted_whatever_the_value() -> None:
    redactor = SecretRedactor()
    for text in ("token=abc123", 'client_secret: "hunter2hunter2"', "Authorization: Bot abc.def"):
        cleaned = redactor.redact(text)
        assert REDACTED in cleaned, text
        assert "abc123" not in cleaned
        assert "hunter2" not in cleaned


def test_ordinary_text_is_left_alone() -> None:
    text = "answered entry 4 for T0123ABC in C0456DEF with confidence 0.82"
    assert SecretRedactor().redact(text) == text


def test_message_args_extras_and_tracebacks_are_redacted(
    captured: tuple[io.StringIO, logging.Logger],
) -> None:
    stream, log = captured
    log.warning("token is %s", SLACK_BOT, extra={"header": f"Bearer {SLACK_USER}"})
    log.info("configured value my-own-odd-secret in use")
    try:
        raise RuntimeError(f"auth failed for {DISCORD}")
    except RuntimeError:
        log.exception("platform call failed")
    output = stream.getvalue()
    for secret in (SLACK_BOT, SLACK_USER, DISCORD, "my-own-odd-secret"):
        assert secret not in output
    assert output.count(REDACTED) >= 4


def test_json_lines_carry_the_core_context_fields(
    captured: tuple[io.StringIO, logging.Logger],
) -> None:
    stream, log = captured
    log.info(
        "question",
        extra={
            "platform": "slack",
            "workspace": "T1",
            "channel": "C1",
            "entry_id": "4",
            "confidence": 0.8,
            "latency_ms": 3.2,
        },
    )
    (row,) = _lines(stream)
    assert row["msg"] == "question"
    assert row["level"] == "INFO"
    assert row["logger"] == "bot.test"
    assert {k: row[k] for k in ("platform", "workspace", "channel", "entry_id")} == {
        "platform": "slack",
        "workspace": "T1",
        "channel": "C1",
        "entry_id": "4",
    }
    assert row["confidence"] == 0.8
    assert row["latency_ms"] == 3.2


def test_question_text_only_at_debug(captured: tuple[io.StringIO, logging.Logger]) -> None:
    stream, log = captured
    log.info("question", extra={"question": "how do I grow?"})
    log.debug("question text", extra={"question": "how do I grow?"})
    info, debug = _lines(stream)
    assert "question" not in info
    assert debug["question"] == "how do I grow?"


def test_key_value_format() -> None:
    stream = io.StringIO()
    root = logging.getLogger()
    saved = list(root.handlers), root.level
    try:
        configure_logging("INFO", "text", stream=stream)
        logging.getLogger("bot.advisor").info(
            "question", extra={"platform": "discord", "outcome": "answered", "channel": "a b"}
        )
        logging.getLogger("bot.advisor").debug("hidden at INFO")
    finally:
        for handler in list(root.handlers):
            root.removeHandler(handler)
        for handler in saved[0]:
            root.addHandler(handler)
        root.setLevel(saved[1])
    (line,) = stream.getvalue().splitlines()
    assert " level=INFO logger=bot.advisor msg=question platform=discord outcome=answered" in line
    assert 'channel="a b"' in line


def test_a_malformed_log_call_is_logged_not_raised(
    captured: tuple[io.StringIO, logging.Logger],
) -> None:
    stream, log = captured
    log.info("two values %s %s", SLACK_BOT)  # one argument short
    (row,) = _lines(stream)
    assert "two values" in str(row["msg"])
    assert SLACK_BOT not in stream.getvalue()
