"""Conversations through the console's command router, as a person would type them."""

from __future__ import annotations

import asyncio
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adapters.console import run_console
from bot.advisor import Asker
from bot.app import Core
from bot.bidi import strip_isolation
from bot.i18n import count_of
from bot.profiles import WorkspaceKey
from bot.render_text import render_full, render_plain
from bot.replies import Answer


class Chat:
    def __init__(self, core: Core, workspace: str = "team-a", *, admin: bool = True) -> None:
        self.core = core
        self.asker = Asker(WorkspaceKey("console", workspace), user_id="u1", is_admin=admin)

    async def say(self, text: str) -> str:
        """The reply as a person reads it: bidi isolation marks are invisible."""
        return strip_isolation(render_plain(await self.core.commands.handle(self.asker, text)))

    async def say_in_full(self, text: str) -> str:
        """The reply with what "More" adds to an answer."""
        reply = await self.core.commands.handle(self.asker, text)
        return render_full(reply) if isinstance(reply, Answer) else render_plain(reply)


async def test_a_question_gets_an_answer_with_actions(core: Core) -> None:
    chat = Chat(core)
    reply = await chat.say("do I need lots of followers?")
    assert "followers" in reply.lower()
    assert "Start with:" in reply
    in_full = await chat.say_in_full("do I need lots of followers?")
    assert "What to do this week:" in in_full
    assert "profile set" in in_full  # no profile yet: the answer suggests one


async def test_an_arabic_question_gets_an_arabic_answer(core: Core) -> None:
    reply = await Chat(core).say_in_full("هل أحتاج إلى الكثير من المتابعين؟")
    assert "ماذا تفعل هذا الأسبوع" in reply
    assert "What to do" not in reply


async def test_off_topic_is_declined_politely(core: Core) -> None:
    reply = await Chat(core).say("what's a good pizza recipe?")
    assert "outside what I can help with" in reply


async def test_greeting_lists_the_topics(core: Core) -> None:
    reply = await Chat(core).say("hello")
    assert "provide value" in reply.lower()
    assert reply.count("•") == 8


async def test_myths_and_one_myth(core: Core) -> None:
    chat = Chat(core)
    listing = await chat.say("myths")
    assert "1." in listing
    assert "7." in listing
    assert 'Type "myth 4" (or any number) for the full answer.' in listing
    four = await chat.say("myth 4")
    assert "100" in four
    assert "10,000" in four
    rule = await chat.say("myth value")
    assert "value" in rule.lower()
    missing = await chat.say("myth 12")
    assert "There is no myth '12'" in missing


async def test_profile_shapes_the_answers_and_says_so(core: Core) -> None:
    chat = Chat(core)
    saved = await chat.say(
        "profile set platforms=instagram,linkedin goal=leads followers=1200 engagement=3"
    )
    assert "Profile saved." in saved
    platforms = await chat.say_in_full("must we be on facebook?")
    assert "Instagram and LinkedIn" in platforms
    assert "Reserve your brand's handle" in platforms
    assert "Tailored to your team's audience profile." in platforms
    followers = await chat.say_in_full("do I need lots of followers?")
    assert "1,200 followers" in followers
    # The engagement rate is shown as a rate, never turned into a head count.
    assert "about 3% of them engage" in followers
    assert "36 people" not in followers


async def test_arabic_follower_count_takes_tamyeez_and_the_rate_stays_a_rate(core: Core) -> None:
    chat = Chat(core)
    await chat.say("profile set followers=36 engagement=3")
    reply = await chat.say_in_full("هل أحتاج إلى الكثير من المتابعين؟")
    assert "لديك 36 متابعًا" in reply
    assert "3٪ منهم" in reply
    assert "شخص" not in reply


async def test_invalid_profile_values_name_the_field_and_store_nothing(core: Core) -> None:
    chat = Chat(core)
    reply = await chat.say("profile set goal=fame")
    assert "goal" in reply
    assert "leads" in reply
    reply = await chat.say("profile set followers=lots")
    assert "followers" in reply
    assert "whole number" in reply
    reply = await chat.say("profile set timezone=Mars/Olympus")
    assert "timezone" in reply
    assert "IANA" in reply
    assert "No profile yet" in await chat.say("profile show")


async def test_profile_reset_and_forget(core: Core) -> None:
    chat = Chat(core)
    await chat.say("profile set goal=sales")
    assert "Business goal" in await chat.say("profile")
    assert "Profile cleared." in await chat.say("profile reset")
    await chat.say("profile set goal=sales")
    # A bare "forget" only asks; nothing is gone yet.
    assert "forget yes" in await chat.say("forget")
    assert "Business goal" in await chat.say("profile")
    assert "(1 record)" in await chat.say("forget yes")
    assert "No profile yet" in await chat.say("profile show")


async def test_values_are_taken_as_people_write_them(core: Core) -> None:
    chat = Chat(core)
    saved = await chat.say("profile set goal=مبيعات timezone=africa/cairo")
    assert "Africa/Cairo" in saved
    refused = await chat.say("profile set engagement_rate=150")
    assert "'150'" in refused
    assert "150.0" not in refused
    assert "Did you mean Asia/Riyadh?" in await chat.say("reminders add monday 09:00 Asia/Riyad")


async def test_a_second_identical_reminder_is_kept_with_a_warning(core: Core) -> None:
    chat = Chat(core)
    await chat.say("reminders add monday 09:00 Asia/Riyadh")
    second = await chat.say("reminders add monday 09:00 asia/riyadh")
    assert "Reminder #2 added." in second
    assert "reminder #1 already posts here at the same time" in second
    await chat.say("reminders pause 1")
    assert "paused by" not in await chat.say("reminders list")


async def test_commands_teach_their_own_use(core: Core) -> None:
    chat = Chat(core)
    assert "myth 1" in await chat.say("myth")
    assert "reminders add monday 09:00" in await chat.say("help reminders")
    arabic_help = await chat.say("مساعدة")
    assert "التذكيرات" in arabic_help
    assert "المواضيع" in arabic_help
    assert "انس نعم" in await chat.say("مساعدة انس")


@pytest.mark.parametrize(
    ("count", "english", "arabic"),
    [
        (0, "0 records", "0 سجل"),
        (1, "1 record", "سجل واحد"),
        (2, "2 records", "سجلان"),
        (3, "3 records", "3 سجلات"),
        (10, "10 records", "10 سجلات"),
        (11, "11 records", "11 سجلًا"),
        (36, "36 records", "36 سجلًا"),
        (99, "99 records", "99 سجلًا"),
        (100, "100 records", "100 سجل"),
        (101, "101 records", "101 سجل"),
        (103, "103 records", "103 سجلات"),
        (111, "111 records", "111 سجلًا"),
    ],
)
def test_counted_nouns_agree_with_their_number(count: int, english: str, arabic: str) -> None:
    assert count_of(count, "record", "en") == english
    assert count_of(count, "record", "ar") == arabic


async def test_workspaces_never_see_each_other(core: Core) -> None:
    await Chat(core, "team-a").say("profile set goal=community platforms=tiktok")
    other = await Chat(core, "team-b").say("profile show")
    assert "No profile yet" in other
    assert "TikTok" not in await Chat(core, "team-b").say("must we be on facebook?")


async def test_members_who_are_not_admins_cannot_change_the_profile(core: Core) -> None:
    reply = await Chat(core, admin=False).say("profile set goal=sales")
    assert "Only workspace admins" in reply
    assert "No profile yet" in await Chat(core).say("profile show")


async def test_unknown_commands_get_help(core: Core) -> None:
    reply = await Chat(core).say("frobnicate")
    assert "I don't know the command 'frobnicate'" in reply
    assert "myths" in reply


async def test_bad_input_gets_a_clear_reply(core: Core) -> None:
    chat = Chat(core)
    for text in ["", "   ", "🙂🙂🙂", "'; DROP TABLE profiles; --", "\x00\x07", "\u200f"]:
        reply = await chat.say(text)
        assert reply.strip()
    long_reply = await chat.say("do I need lots of followers? " + "blah " * 20_000)
    assert "first 2,000 characters" in long_reply


async def test_the_console_loop_answers_each_line_and_stops_at_end_of_input(core: Core) -> None:
    stdin = io.StringIO("do I need lots of followers?\n\nmyths\nquit\nnever read\n")
    stdout = io.StringIO()
    assert await run_console(core.commands, stdin=stdin, stdout=stdout) == 0
    text = stdout.getvalue()
    assert "Start with:" in text
    assert "Seven social-media" in text
    assert "never read" not in text


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(max_size=300))
async def test_no_input_crashes_the_console(core: Core, text: str) -> None:
    assert (await Chat(core).say(text)).strip()


async def test_an_arabic_speaking_team_gets_profile_errors_in_arabic(core: Core) -> None:
    chat = Chat(core)
    await chat.say("profile set language=ar")
    reply = await chat.say("profile set goal=fame")
    assert "غير صالحة للحقل goal" in reply
    assert "leads" in reply
    assert "is not valid" not in reply

    unknown = await chat.say("profile set colour=red")
    assert "لا يوجد في الملف حقل باسم «colour»" in unknown
    assert "goal" in unknown  # the fields there are
    assert "There is no profile field" not in unknown


async def test_an_unknown_profile_field_lists_the_fields(core: Core) -> None:
    reply = await Chat(core).say("profile set colour=red")
    assert "There is no profile field 'colour'. Fields: " in reply
    assert "goal" in reply
    assert "audience" in reply


async def test_numbers_too_large_or_not_finite_are_refused_by_name(core: Core) -> None:
    chat = Chat(core)
    for value in ["inf", "1e400", "nan", "-inf%"]:
        reply = await chat.say(f"profile set followers={value}")
        assert "not valid for followers" in reply
    assert "not valid for engagement_rate" in await chat.say("profile set engagement=1e999")
    assert "No profile yet" in await chat.say("profile show")


async def test_two_admins_setting_different_fields_at_once_keep_both(core: Core) -> None:
    first, second = Chat(core), Chat(core)
    await asyncio.gather(
        first.say("profile set goal=leads"), second.say("profile set followers=900")
    )
    profile = await first.say("profile show")
    assert "Business goal" in profile
    assert "900" in profile


async def test_thanks_gets_you_are_welcome_not_the_introduction_again(core: Core) -> None:
    chat = Chat(core)
    assert "You're welcome!" in await chat.say("thanks!")
    assert "العفو" in await chat.say("شكرا جزيلا")
    assert "provide value" in (await chat.say("hello")).lower()


async def test_a_near_domain_question_is_declined_with_what_we_cover(core: Core) -> None:
    reply = await Chat(core).say("how often should our bakery post on instagram?")
    assert "not one my advice covers" in reply
    assert "followers, selling, measuring results" in reply
    # In the console the pointer says what to type.
    assert "This may help: “The one rule worth following: provide value” (myth value)" in reply


async def test_an_arabic_near_domain_question_is_declined_in_arabic(core: Core) -> None:
    reply = await Chat(core).say("أي كاميرا أشتري لتصوير الريلز؟")
    assert "خارج ما تغطيه نصائحي" in reply
    assert "not one my advice covers" not in reply
