"""The one way into the core: whatever fails, the asker gets a reply and the log one record."""

from __future__ import annotations

import io
import logging

import pytest

from adapters.console import run_console
from bot.advisor import Asker
from bot.app import Core
from bot.errors import StorageError
from bot.profiles import WorkspaceKey
from bot.replies import Notice, ProfileView, Reply
from bot.request import Request
from bot.text import Language
from tests.incidents import BreakCore

ASKER = Asker(WorkspaceKey("console", "team"), user_id="U1")
QUESTION = "do I need lots of followers? my secret launch plan is inside"


def _errors(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.levelno >= logging.ERROR]


async def test_a_failure_is_an_apology_quoting_the_one_log_record(
    core: Core, break_core: BreakCore, caplog: pytest.LogCaptureFixture
) -> None:
    break_core(core.matcher, "match")

    reply = await core.requests.handle(Request(asker=ASKER, text=QUESTION, surface="test"))

    assert isinstance(reply, Notice)
    assert reply.private
    assert "something went wrong on my side" in reply.lines[0]
    [record] = _errors(caplog)
    reference = record.__dict__["incident"]
    assert reply.lines[1] == f"Reference: {reference}"
    assert record.exc_info is not None  # the traceback, for whoever reads the log
    assert record.__dict__["surface"] == "test"
    assert "secret launch plan" not in record.getMessage() + str(record.__dict__)


async def test_the_apology_is_in_the_askers_language(core: Core, break_core: BreakCore) -> None:
    break_core(core.matcher, "match")

    reply = await core.requests.handle(
        Request(asker=ASKER, text="هل أحتاج إلى الكثير من المتابعين؟")
    )

    assert isinstance(reply, Notice)
    assert reply.language == "ar"
    assert "حدث خطأ من جهتي" in reply.lines[0]
    assert reply.lines[1].startswith("الرقم المرجعي")


async def test_each_failure_has_its_own_reference(
    core: Core, break_core: BreakCore, caplog: pytest.LogCaptureFixture
) -> None:
    break_core(core.matcher, "match")

    first = await core.requests.handle(Request(asker=ASKER, text=QUESTION))
    second = await core.requests.handle(Request(asker=ASKER, text=QUESTION))

    assert isinstance(first, Notice)
    assert isinstance(second, Notice)
    assert first.lines[1] != second.lines[1]
    assert len(_errors(caplog)) == 2


async def test_a_users_mistake_is_a_polite_notice_and_not_an_incident(
    core: Core, caplog: pytest.LogCaptureFixture
) -> None:
    reply = await core.requests.handle(Request(asker=ASKER, text="profile set followers=lots"))

    assert isinstance(reply, Notice)
    assert reply.kind == "error"
    assert "followers" in " ".join(reply.lines)
    assert not _errors(caplog)


async def test_a_database_failure_is_worded_once_without_a_traceback(
    core: Core, caplog: pytest.LogCaptureFixture
) -> None:
    async def lost(asker: Asker, language: Language) -> Reply:
        raise StorageError("the database file is gone")

    reply = await core.requests.handle(Request(asker=ASKER, command=lost, language="en"))

    assert isinstance(reply, Notice)
    assert "can't read or save anything" in reply.lines[0]
    [record] = _errors(caplog)
    assert record.exc_info is None
    assert reply.lines[1] == f"Reference: {record.__dict__['incident']}"


async def test_admin_rights_are_looked_up_only_for_commands_that_need_them(core: Core) -> None:
    lookups = 0

    async def is_admin() -> bool:
        nonlocal lookups
        lookups += 1
        return True

    await core.requests.handle(Request(asker=ASKER, text=QUESTION, admin_check=is_admin))
    assert lookups == 0
    saved = await core.requests.handle(
        Request(asker=ASKER, text="profile set followers=500", admin_check=is_admin)
    )
    assert lookups == 1
    assert isinstance(saved, ProfileView)  # the admin's change was saved


async def test_a_delivery_seen_before_is_not_answered_twice(core: Core) -> None:
    request = Request(asker=ASKER, text=QUESTION)

    first = await core.requests.handle_once(request, ["Ev1", "message:C1:1.0"])
    retried = await core.requests.handle_once(request, ["Ev1"])
    edited = await core.requests.handle_once(request, ["Ev2", "message:C1:1.0"])

    assert first is not None
    assert retried is None
    assert edited is None


async def test_the_console_apologises_and_goes_on_to_the_next_line(
    core: Core, break_core: BreakCore, caplog: pytest.LogCaptureFixture
) -> None:
    break_core(core.matcher, "match")
    stdin = io.StringIO(f"{QUESTION}\nmyths\n")
    stdout = io.StringIO()

    assert await run_console(core.commands, stdin=stdin, stdout=stdout) == 0

    [record] = _errors(caplog)
    shown = stdout.getvalue()
    assert f"Reference: {record.__dict__['incident']}" in shown
    assert "Seven social-media" in shown  # the next line was still answered
