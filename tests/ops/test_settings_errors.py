"""A missing or malformed setting stops start-up with a message naming the variable and the fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from adapters.discord.settings import DiscordSettings
from adapters.slack.settings import SlackSettings
from bot.errors import ConfigurationError
from bot.settings import load_settings

from .support import bot_env, run_bot

# (variable, bad value, a phrase saying what is wrong or how to fix it)
MALFORMED = [
    ("KNOWLEDGE_EXTRA_DIR", "/nonexistent/knowledge", "is not a directory"),
    ("LOG_LEVEL", "LOUD", "DEBUG, INFO, WARNING, ERROR"),
    ("LOG_FORMAT", "xml", "text or json"),
    ("SHUTDOWN_GRACE_SECONDS", "soon", "number"),
    ("SHUTDOWN_GRACE_SECONDS", "0", "greater than 0"),
    ("FEEDBACK_RETENTION_DAYS", "-1", "greater than or equal to 0"),
    ("HTTP_PORT", "70000", "1 to 65535"),
    ("HTTP_PORT", "web", "1 to 65535"),
    ("HEALTH_SERVER", "maybe", "boolean"),
    ("SLACK_API_URL", "slack.com/api", "http(s) URL"),
    ("DISCORD_API_URL", "discord.com/api", "http(s) URL"),
    ("DISCORD_GATEWAY_URL", "https://gateway.discord.gg", "ws(s) URL"),
    ("DISCORD_SHARD_COUNT", "many", "integer"),
    ("DISCORD_SHARD_IDS", "first,second", "such as 0,1"),
    ("DATABASE_URL", "mysql://advisor@db/advisor", "postgresql://"),
    ("DATABASE_POOL_SIZE", "0", "greater than or equal to 1"),
    ("DISCORD_ANSWER_MENTIONS", "perhaps", "boolean"),
    ("REMINDER_GRACE_HOURS", "100", "less than or equal to 72"),
    ("REMINDER_MAX_PER_WORKSPACE", "0", "greater than or equal to 1"),
    ("REMINDER_CLAIM_TIMEOUT_SECONDS", "1", "greater than or equal to 5"),
]


def _error(monkeypatch: pytest.MonkeyPatch, **env: str) -> str:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ConfigurationError) as caught:
        load_settings(env_file=None)
    return str(caught.value)


def test_defaults_load_without_any_variable() -> None:
    settings = load_settings(env_file=None)
    assert not settings.area("slack", SlackSettings).enabled
    assert not settings.area("discord", DiscordSettings).enabled
    assert settings.core.database_path == Path("data/advisor.sqlite3")


@pytest.mark.parametrize(("variable", "value", "phrase"), MALFORMED)
def test_malformed_value_names_the_variable(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, phrase: str
) -> None:
    message = _error(monkeypatch, **{variable: value})
    line = next(line for line in message.splitlines() if line.strip().startswith(variable))
    assert phrase in line
    # Every line says how to fix it: a concrete form, or where the forms are documented.
    assert "Set it to" in line or ".env.example" in line


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("SLACK_BOT_TOKEN", "xoxp-1111-2222-user-token"),
        ("SLACK_BOT_TOKEN", "1234567890-abcdef"),
        ("SLACK_APP_TOKEN", "xoxb-1-2-bot-token-in-wrong-place"),
    ],
)
def test_token_with_wrong_prefix_is_named_and_not_echoed(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str
) -> None:
    env = {variable: value, "SLACK_SIGNING_SECRET": "0123456789abcdef0123456789abcdef"}
    if variable == "SLACK_APP_TOKEN":
        env["SLACK_BOT_TOKEN"] = "xoxb-1-2-fine"
    message = _error(monkeypatch, **env)
    assert variable in message
    assert "starting with 'x" in message
    assert value not in message


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"SLACK_BOT_TOKEN": "xoxb-1-2-3"}, "SLACK_SIGNING_SECRET"),
        (
            {"SLACK_CLIENT_ID": "123.456", "SLACK_SIGNING_SECRET": "s" * 32},
            "SLACK_CLIENT_SECRET",
        ),
        ({"SLACK_APP_TOKEN": "xapp-1-A1-2-abc"}, "SLACK_BOT_TOKEN"),
    ],
)
def test_missing_companion_setting_is_named(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], named: str
) -> None:
    assert named in _error(monkeypatch, **env)


def test_shard_ids_must_fall_within_the_shard_count(monkeypatch: pytest.MonkeyPatch) -> None:
    message = _error(monkeypatch, DISCORD_SHARD_IDS="2,3", DISCORD_SHARD_COUNT="3")
    assert "DISCORD_SHARD_IDS has 3, but shards are numbered 0 to 2" in message

    monkeypatch.delenv("DISCORD_SHARD_COUNT")
    assert "needs DISCORD_SHARD_COUNT" in _error(monkeypatch, DISCORD_SHARD_IDS="0")


def test_a_database_url_with_a_password_is_never_echoed(monkeypatch: pytest.MonkeyPatch) -> None:
    message = _error(monkeypatch, DATABASE_URL="mysql://advisor:hunter2@db/advisor")
    assert "DATABASE_URL" in message
    assert "hunter2" not in message


def test_every_problem_is_reported_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    message = _error(monkeypatch, LOG_LEVEL="LOUD", HTTP_PORT="0", DISCORD_SHARD_COUNT="-2")
    for variable in ("LOG_LEVEL", "HTTP_PORT", "DISCORD_SHARD_COUNT"):
        assert variable in message


def test_dotenv_file_is_read(tmp_path: Path) -> None:
    env_file = tmp_path / "custom.env"
    env_file.write_text("HTTP_PORT=8123\nLOG_FORMAT=json\n", encoding="utf-8")
    settings = load_settings(env_file)
    assert settings.http.http_port == 8123
    assert settings.core.log_format == "json"


def test_start_up_fails_with_the_variable_and_exit_code_2(tmp_path: Path) -> None:
    done = run_bot(
        "run", cwd=tmp_path, env=bot_env(HTTP_PORT="http", SLACK_BOT_TOKEN="not-a-token")
    )
    assert done.returncode == 2
    assert "HTTP_PORT" in done.stderr
    assert "SLACK_BOT_TOKEN" in done.stderr
    assert "not-a-token" not in done.stderr
