"""Team insights in Slack: `/advisor insights` for admins (ephemeral) and their App Home."""

from __future__ import annotations

from bot.advisor import Asker
from bot.app import Core
from bot.profiles import WorkspaceKey
from tests.slack.conftest import TEAM_A, TEAM_B
from tests.slack.driver import SlackPerson
from tests.slack.fake_slack import FakeSlack


async def team_asks(alice: SlackPerson, fake: FakeSlack, core: Core) -> None:
    await alice.mention("do I need lots of followers?")
    [answer] = await fake.wait_for_posts(1)
    await alice.dm("do we really need lots of followers?")
    await fake.wait_for_posts(2)
    await alice.command("ask <!channel> what is the best time to tweet?")
    await fake.wait_for_posts(3)
    await alice.click(answer, "advisor_vote_down")
    await fake.wait_for_posts(4)
    # Another workspace's questions, asked through the same core.
    bob = Asker(WorkspaceKey("slack", TEAM_B), user_id="U_BOB")
    await core.advisor.ask(bob, "how do I fix the globex printer?")


async def test_an_admin_gets_the_numbers_privately(
    alice: SlackPerson, admin: SlackPerson, fake: FakeSlack, core: Core
) -> None:
    await team_asks(alice, fake, core)

    delivery = await admin.command("insights")

    assert delivery.status == 200
    report = (await fake.wait_for_posts(5))[-1]
    assert report.ephemeral
    assert "Questions answered: 2 · declined: 1" in report.everything
    assert "#4 You need lots of followers: asked 2 · 👍 0 · 👎 1" in report.everything
    assert "what is the best time to tweet?" in report.everything
    assert "<!channel" not in report.everything  # never stored, never echoed
    assert "globex" not in report.everything


async def test_a_member_is_refused(alice: SlackPerson, fake: FakeSlack, core: Core) -> None:
    await team_asks(alice, fake, core)

    await alice.command("insights")

    refusal = (await fake.wait_for_posts(5))[-1]
    assert refusal.ephemeral
    assert "Only workspace admins can see team insights." in refusal.everything
    assert "tweet" not in refusal.everything


async def test_app_home_has_an_insights_section_for_admins_only(
    alice: SlackPerson, admin: SlackPerson, fake: FakeSlack, core: Core
) -> None:
    await team_asks(alice, fake, core)

    await admin.open_home()
    await alice.open_home()

    homes = {view["user"]: view for view in await fake.wait_for_views(2)}
    admin_home, alice_home = homes["U_ADMIN"], homes["U_ALICE"]
    headers = [b["text"]["text"] for b in admin_home["blocks"] if b["type"] == "header"]
    assert "Team insights: the last 30 days" in headers
    shown = str(admin_home["blocks"])
    assert "asked 2 · 👍 0 · 👎 1" in shown
    assert "what is the best time to tweet?" in shown
    assert len(admin_home["blocks"]) <= 100
    assert "Team insights" not in str(alice_home["blocks"])
    assert "tweet" not in str(alice_home["blocks"])


async def test_consent_off_from_slack_stops_keeping_declined_questions(
    alice: SlackPerson, admin: SlackPerson, fake: FakeSlack, core: Core
) -> None:
    await admin.command("insights consent off")

    [confirm] = await fake.wait_for_posts(1)
    await alice.command("ask how do I knit a scarf?")
    await fake.wait_for_posts(2)
    await admin.command("insights")
    report = (await fake.wait_for_posts(3))[-1]
    assert "will no longer be kept" in confirm.everything
    assert "declined: 1" in report.everything
    assert "scarf" not in report.everything
    exported = await core.store.export_workspace(WorkspaceKey("slack", TEAM_A))
    assert "scarf" not in str(exported)
