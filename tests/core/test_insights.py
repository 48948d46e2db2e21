"""Team insights through the command router (the console and Slack's `/advisor` share it):
what the team asked, what was declined, votes, and the consent to keep declined questions."""

from __future__ import annotations

from pathlib import Path

from bot.advisor import Asker
from bot.app import Core
from bot.profiles import WorkspaceKey
from bot.render_text import render_plain
from bot.teamkb import load_team_file

TEAM = WorkspaceKey("console", "team-a")
OTHER = WorkspaceKey("console", "team-b")
TEAM_FILE = Path(__file__).resolve().parent.parent / "data" / "team_posting_times.toml"


class Chat:
    def __init__(self, core: Core, workspace: WorkspaceKey = TEAM, *, admin: bool) -> None:
        self.core = core
        self.asker = Asker(workspace, user_id="admin" if admin else "member", is_admin=admin)

    async def say(self, text: str) -> str:
        return render_plain(await self.core.commands.handle(self.asker, text))


async def seed(core: Core) -> None:
    member = Chat(core, admin=False)
    await member.say("do I need lots of followers?")
    await member.say("هل أحتاج إلى الكثير من المتابعين؟")
    await member.say("do I need lots of followers?!")
    await member.say("should I post every day?")
    await member.say("what is the best time to tweet?")
    await member.say("<!channel> what is the best time to tweet?")
    await member.say("how do I bake bread?")
    await member.say("hello")  # a greeting is not a question about anything
    await core.advisor.record_feedback(member.asker, answer_ref="a1", entry_id="4", vote="up")
    await core.advisor.record_feedback(member.asker, answer_ref="a2", entry_id="4", vote="down")
    admin = Asker(TEAM, user_id="admin", is_admin=True)
    await core.advisor.record_feedback(admin, answer_ref="a1", entry_id="4", vote="up")


async def test_an_admin_sees_what_the_team_asks_declines_and_votes(core: Core) -> None:
    await seed(core)

    report = await Chat(core, admin=True).say("insights")

    assert "Team insights: the last 30 days" in report
    assert "Questions answered: 4 · declined: 3" in report
    assert "#4 You need lots of followers: asked 3 · 👍 2 · 👎 1" in report
    assert "The one rule worth following: provide value: asked 1 · 👍 0 · 👎 0" in report
    # Most asked first; claims nobody asked about are left out of the chat reply.
    assert report.index("#4 You need") < report.index("provide value")
    assert "#1 " not in report
    assert "“what is the best time to tweet?” ×2" in report
    assert "“how do I bake bread?” ×1" in report
    assert "insights consent off" in report
    assert "Reminders sent: 0 · skipped: 0" in report


async def test_members_and_other_workspaces_see_none_of_it(core: Core) -> None:
    await seed(core)

    refused = await Chat(core, admin=False).say("insights")
    elsewhere = await Chat(core, OTHER, admin=True).say("insights")

    assert "Only workspace admins can see team insights." in refused
    assert "bread" not in refused
    assert "Questions answered: 0 · declined: 0" in elsewhere
    assert "bread" not in elsewhere
    assert "No declined questions in this period." in elsewhere


async def test_with_consent_off_declined_questions_are_erased_and_no_longer_kept(
    core: Core,
) -> None:
    await seed(core)
    admin = Chat(core, admin=True)

    turned_off = await admin.say("insights consent off")
    assert "those kept so far were erased (3)" in turned_off
    await Chat(core, admin=False).say("how do I knit a scarf?")
    report = await admin.say("insights")

    assert "declined: 4" in report  # still counted
    assert "bread" not in report
    assert "scarf" not in report
    assert "Declined questions are not kept in this workspace" in report
    assert "insights consent on" in report
    exported = await core.store.export_workspace(TEAM)
    assert "scarf" not in str(exported)
    assert "Only workspace admins" in await Chat(core, admin=False).say("insights consent on")

    await admin.say("insights consent on")
    await Chat(core, admin=False).say("how do I knit a scarf?")
    assert "“how do I knit a scarf?” ×1" in await admin.say("insights")


async def test_the_period_is_chosen_in_days_and_bad_input_gets_the_usage(core: Core) -> None:
    await seed(core)
    admin = Chat(core, admin=True)

    assert "Team insights: the last 7 days" in await admin.say("insights 7")
    assert "Team insights: the last day" in await admin.say("insights 1")
    for wrong in ("insights 0", "insights 400", "insights everything", "insights consent maybe"):
        reply = await admin.say(wrong)
        assert "insights consent on|off" in reply, wrong


async def test_arabic_report(core: Core) -> None:
    await seed(core)

    report = await Chat(core, admin=True).say("رؤى")

    assert "رؤى الفريق: آخر 30 يومًا" in report
    assert "أسئلة أُجيب عنها: 4 · أسئلة خارج النطاق: 3" in report
    assert "#4 يجب أن يكون لديك عدد كبير من المتابعين: سُئل 3 · 👍 2 · 👎 1" in report
    assert "«how do I bake bread?» ×1" in report


async def test_forget_removes_the_questions(core: Core) -> None:
    await seed(core)
    admin = Chat(core, admin=True)

    await admin.say("forget yes")
    report = await admin.say("insights")

    assert "Questions answered: 0 · declined: 0" in report
    assert "bread" not in report


async def test_a_teams_own_entries_are_shown_by_their_titles(core: Core) -> None:
    await core.team.add(TEAM, load_team_file(TEAM_FILE), by="admin")
    member = Chat(core, admin=False)
    await member.say("best time to tweet?")
    await member.say("what time should we post on linkedin?")

    english = await Chat(core, admin=True).say("insights")
    arabic = await Chat(core, admin=True).say("رؤى")

    assert "When we post: asked 2" in english
    assert "متى ننشر: سُئل ٢" in arabic or "متى ننشر: سُئل 2" in arabic
    assert "posting-times" not in english + arabic
