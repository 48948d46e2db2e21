"""When the database cannot be written, people still hear back: a short apology, never silence."""

from __future__ import annotations

from bot.app import Core
from bot.storage import SqliteDatabase
from tests.slack.driver import SlackPerson
from tests.slack.fake_slack import FakeSlack


def _lose_the_database_file(core: Core) -> None:
    # As when the volume's folder is removed under a running bot: the open file lives on
    # unlinked, and writes to it would be acknowledged and lost.
    database = core.database
    assert isinstance(database, SqliteDatabase)  # these tests run on the SQLite file
    path = database.path
    for leftover in path.parent.glob(path.name + "*"):
        leftover.unlink()


async def test_a_mention_gets_an_apology_when_nothing_can_be_recorded(
    alice: SlackPerson, fake: FakeSlack, core: Core
) -> None:
    _lose_the_database_file(core)

    await alice.mention("do I need lots of followers?")

    [apology] = await fake.wait_for_posts(1)
    assert "can't read or save anything right now" in apology.everything
    assert apology.ephemeral


async def test_an_arabic_dm_gets_the_apology_in_arabic(
    alice: SlackPerson, fake: FakeSlack, core: Core
) -> None:
    _lose_the_database_file(core)

    await alice.dm("هل أحتاج إلى الكثير من المتابعين؟")

    [apology] = await fake.wait_for_posts(1)
    assert "لا أستطيع الآن قراءة البيانات أو حفظها" in apology.everything
