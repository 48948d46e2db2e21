"""The insights chart on admins' App Home: drawn by the bot, uploaded to Slack as a file (the
upload v2 flow), shown by an image block that names the file, and uploaded again only when the
figures change."""

from __future__ import annotations

import io
from typing import Any

import aiohttp
from PIL import Image

from bot.knowledge import KnowledgeBase
from tests.slack.conftest import ADMIN, TEAM_A, ServeFactory
from tests.slack.driver import SIGNING_SECRET, SlackPerson
from tests.slack.fake_slack import FakeSlack

BAR = (54, 110, 180)


async def team_asks(alice: SlackPerson, fake: FakeSlack) -> None:
    await alice.mention("do I need lots of followers?")
    await alice.dm("do we really need lots of followers?")
    await alice.command("ask what is the best time to tweet?")
    await fake.wait_for_posts(3)


async def open_home(person: SlackPerson, fake: FakeSlack) -> dict[str, Any]:
    before = len(fake.views)
    await person.open_home()
    views = await fake.wait_for_views(before + 1)
    return views[before]


def images(view: dict[str, Any]) -> list[dict[str, Any]]:
    return [block for block in view["blocks"] if block["type"] == "image"]


def shown_text(view: dict[str, Any]) -> str:
    return str(view["blocks"])


async def test_an_admin_sees_the_chart_the_bot_drew(
    alice: SlackPerson, admin: SlackPerson, fake: FakeSlack, knowledge: KnowledgeBase
) -> None:
    await team_asks(alice, fake)

    home = await open_home(admin, fake)

    [image] = images(home)
    file = fake.files[image["slack_file"]["id"]]
    assert file.completed
    assert file.team == "T_A"
    assert file.channel is None  # shared in no channel: only the Home view shows it
    assert image["title"]["text"] == "Questions per claim"
    assert "#4 You need lots of followers: 2" in image["alt_text"]
    assert file.data is not None
    with Image.open(io.BytesIO(file.data)) as chart:
        assert chart.format == "PNG"
        assert chart.size == (900, 70 + 34 * (len(knowledge.entries) + 1) + 50)
        # The most asked claim (#4, twice) has the longest bar.
        assert chart.convert("RGB").getpixel((330 + 370, 70 + 17)) == BAR
    # The figures are still there as text, under the chart.
    assert "asked 2 · 👍 0 · 👎 0" in shown_text(home)
    assert "what is the best time to tweet?" in shown_text(home)


async def test_the_chart_is_uploaded_again_only_when_the_figures_change(
    alice: SlackPerson, admin: SlackPerson, fake: FakeSlack
) -> None:
    await team_asks(alice, fake)
    first = await open_home(admin, fake)

    again = await open_home(admin, fake)

    assert fake.calls.count("files.getUploadURLExternal") == 1
    assert images(again) == images(first)

    await alice.mention("should we post every day?")
    await fake.wait_for_posts(4)
    changed = await open_home(admin, fake)

    assert fake.calls.count("files.getUploadURLExternal") == 2
    [old], [new] = images(first), images(changed)
    assert new["slack_file"] != old["slack_file"]
    assert fake.files[old["slack_file"]["id"]].deleted  # no stale charts left behind
    assert not fake.files[new["slack_file"]["id"]].deleted


async def test_a_member_sees_no_insights_and_nothing_is_uploaded(
    alice: SlackPerson, fake: FakeSlack
) -> None:
    await team_asks(alice, fake)

    home = await open_home(alice, fake)

    assert images(home) == []
    assert "Team insights" not in shown_text(home)
    assert "files.getUploadURLExternal" not in fake.calls


async def test_without_the_files_permission_the_home_opens_with_a_note(
    alice: SlackPerson, admin: SlackPerson, fake: FakeSlack
) -> None:
    await team_asks(alice, fake)
    fake.fail_with("files.getUploadURLExternal", "missing_scope")

    home = await open_home(admin, fake)

    assert images(home) == []
    assert "`files:write` permission" in shown_text(home)
    assert "asked 2 · 👍 0 · 👎 0" in shown_text(home)  # the figures as text all the same
    # The next open tries again (the app may have been reinstalled meanwhile).
    later = await open_home(admin, fake)
    assert len(images(later)) == 1


async def test_a_failed_upload_still_publishes_the_home(
    alice: SlackPerson, admin: SlackPerson, fake: FakeSlack
) -> None:
    await team_asks(alice, fake)
    fake.fail_with("files.completeUploadExternal", "internal_error")

    home = await open_home(admin, fake)

    assert images(home) == []
    assert "The chart could not be shown this time" in shown_text(home)
    assert "Team insights: the last 30 days" in shown_text(home)


async def test_a_file_slack_is_still_processing_is_shown_after_a_pause(
    alice: SlackPerson, admin: SlackPerson, fake: FakeSlack
) -> None:
    await team_asks(alice, fake)
    fake.still_processing(times=1)

    home = await open_home(admin, fake)

    assert len(images(home)) == 1
    assert fake.calls.count("views.publish") == 2  # refused once, then shown


async def test_a_file_slack_will_not_show_is_left_out_and_uploaded_anew_next_time(
    alice: SlackPerson, admin: SlackPerson, fake: FakeSlack
) -> None:
    await team_asks(alice, fake)
    first = await open_home(admin, fake)
    [image] = images(first)
    # Someone deleted the bot's file in Slack; the bot still remembers it.
    fake.files[image["slack_file"]["id"]].deleted = True

    home = await open_home(admin, fake)
    later = await open_home(admin, fake)

    assert images(home) == []
    assert "The chart could not be shown this time" in shown_text(home)
    [fresh] = images(later)
    assert fresh["slack_file"] != image["slack_file"]
    assert fake.calls.count("files.getUploadURLExternal") == 2


async def test_an_arabic_workspace_gets_a_wordless_right_to_left_chart_and_arabic_words(
    alice: SlackPerson, admin: SlackPerson, fake: FakeSlack, knowledge: KnowledgeBase
) -> None:
    await admin.command("profile set language=ar")
    await fake.wait_for_posts(1)
    await alice.mention("هل أحتاج إلى الكثير من المتابعين؟")
    [_, answer] = await fake.wait_for_posts(2)
    await alice.click(answer, "advisor_vote_down")
    await fake.wait_for_posts(3)

    home = await open_home(admin, fake)

    headers = [b["text"]["text"] for b in home["blocks"] if b["type"] == "header"]
    assert any(header.startswith("رؤى الفريق") for header in headers)
    [image] = images(home)
    # Slack shapes Arabic in the block's title, alt text and legend; the PNG has no words.
    assert image["title"]["text"] == "عدد الأسئلة عن كل ادعاء"
    title_4 = knowledge.entries["4"].text("ar").title
    assert f"#4 {title_4}: 1" in image["alt_text"]
    assert "▲ تعني 👍 و▼ تعني 👎" in shown_text(home)
    assert f"#4 {title_4}" in shown_text(home)  # the list the chart's numbers point to
    data = fake.files[image["slack_file"]["id"]].data
    assert data is not None
    with Image.open(io.BytesIO(data)) as chart:
        rgb = chart.convert("RGB")
        assert chart.size == (900, 40 + 34 * (len(knowledge.entries) + 1))
        # Right to left: the entry numbers on the right, the longest bar growing leftwards.
        assert rgb.getpixel((900 - 100 - 4, 20 + 17)) == BAR
        assert rgb.getpixel((900 - 100 - 560 + 4, 20 + 17)) == BAR
        assert rgb.getpixel((330 + 4, 20 + 34 + 17)) == (255, 255, 255)
        # 👎 as a drawn red ▼: the font has no emoji.
        assert (201, 72, 72) in {rgb.getpixel((x, y)) for x in range(900) for y in range(20, 54)}


async def test_when_slack_refuses_even_a_new_chart_home_stops_uploading_for_a_while(
    alice: SlackPerson, admin: SlackPerson, fake: FakeSlack
) -> None:
    await team_asks(alice, fake)
    fake.still_processing(times=100)

    home = await open_home(admin, fake)
    again = await open_home(admin, fake)

    assert images(home) == images(again) == []
    assert "The chart could not be shown this time" in shown_text(again)
    assert fake.calls.count("files.getUploadURLExternal") == 1  # not one per open
    [file] = fake.uploads()
    assert file.deleted  # the refused file is not left behind


async def served_with_scopes(
    serve: ServeFactory, fake: FakeSlack, http: aiohttp.ClientSession, scopes: str
) -> tuple[SlackPerson, SlackPerson]:
    # Slack lists the token's scopes with every answer (X-OAuth-Scopes).
    fake.bot_scopes = scopes
    served = await serve(slack_bot_token=f"xoxb-{TEAM_A}", slack_signing_secret=SIGNING_SECRET)
    alice = SlackPerson(fake=fake, http=http, events_url=served.events_url, team=TEAM_A)
    admin = SlackPerson(fake=fake, http=http, events_url=served.events_url, team=TEAM_A, user=ADMIN)
    return alice, admin


async def test_a_token_without_files_write_is_not_asked_to_upload(
    serve: ServeFactory, fake: FakeSlack, http: aiohttp.ClientSession
) -> None:
    # An app installed before the chart existed.
    alice, admin = await served_with_scopes(
        serve, fake, http, "app_mentions:read,chat:write,commands,im:history,users:read"
    )
    await team_asks(alice, fake)

    home = await open_home(admin, fake)

    assert images(home) == []
    assert "`files:write` permission" in shown_text(home)
    assert "files.getUploadURLExternal" not in fake.calls


async def test_a_token_with_files_write_uploads(
    serve: ServeFactory, fake: FakeSlack, http: aiohttp.ClientSession
) -> None:
    alice, admin = await served_with_scopes(
        serve, fake, http, "app_mentions:read,chat:write,commands,files:write,users:read"
    )
    await team_asks(alice, fake)

    home = await open_home(admin, fake)

    assert len(images(home)) == 1
