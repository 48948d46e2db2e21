"""Start-up says what matters: the platform libraries' routine notices are not in the log."""

from __future__ import annotations

import logging

import pytest

import adapters.discord.client  # noqa: F401 - installs its log filter, as starting Discord does
from adapters.slack.app import bolt_logger


def test_discord_voice_and_bolt_token_notices_are_left_out(
    caplog: pytest.LogCaptureFixture,
) -> None:
    bolt = bolt_logger()
    with caplog.at_level(logging.INFO):
        logging.getLogger("discord.client").warning(
            "PyNaCl is not installed, voice will NOT be supported"
        )
        bolt.warning("As you gave `client` as well, `token` will be unused.")
        logging.getLogger("discord.client").warning("logging in using static token")

    messages = [record.getMessage() for record in caplog.records]
    assert messages == ["logging in using static token"]
