"""Conversations with the bot over a fake Discord: what people type, what they see."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from bot.profiles import WorkspaceKey
from tests.discord.conversation import (
    ADMIN,
    GUILD_A,
    GUILD_B,
    MEMBER,
    Channel,
    DiscordConversation,
)


async def test_ask_is_answered_with_an_embed_and_vote_buttons(
    discord: DiscordConversation,
) -> None:
    reply = await discord.slash("ask", question="Do I need lots of followers?")

    assert not reply.ephemeral
    assert reply.embed["title"] == "You need lots of followers"
    assert "Partly true" in reply.embed["description"]
    assert "Start with" in reply.text
    assert reply.embed["color"] == 0xF0AD4E
    assert {"advisor:vote:up:4", "advisor:vote:down:4"} <= set(reply.custom_ids)


async def test_an_arabic_question_gets_an_arabic_embed(discord: DiscordConversation) -> None:
    reply = await discord.slash("ask", question="هل أحتاج إلى الكثير من المتابعين؟")

    assert reply.embed["title"] == "يجب أن يكون لديك عدد كبير من المتابعين"
    assert "ابدأ بهذه الخطوات" in reply.text
    assert "What to do" not in reply.text


async def test_every_embed_fits_discords_limits(discord: DiscordConversation) -> None:
    for question in ("can we sell on social media?", "what should we post? provide value"):
        embed = (await discord.slash("ask", question=question)).embed
        fields = embed.get("fields", [])
        total = len(embed["title"]) + len(embed.get("description", ""))
        total += sum(len(f["name"]) + len(f["value"]) for f in fields)
        total += len((embed.get("footer") or {}).get("text", ""))
        assert total <= 6000
        assert len(fields) <= 25
        assert all(len(f["value"]) <= 1024 for f in fields)
        assert len(embed.get("description", "")) <= 4096


def _close_call(discord: DiscordConversation) -> str | None:
    """A question the matcher finds close between two entries (the matcher evolves)."""
    entries = discord.core.knowledge.ordered()
    for first, second in itertools.permutations(entries, 2):
        question = f"{first.en.title} or {second.en.title}?"
        if discord.core.matcher.match(question).runner_up:
            return question
    return None


async def test_a_close_call_offers_did_you_mean(discord: DiscordConversation) -> None:
    question = _close_call(discord)
    if question is None:
        pytest.skip("the matcher finds no close call between two titles")
    reply = await discord.slash("ask", question=question)
    [offered] = [b for b in reply.buttons if b.get("label", "").startswith("Did you mean:")]

    other = await discord.click(reply, offered["custom_id"])

    assert other.ephemeral
    assert other.embed["title"] in offered["label"]
    assert any(c.startswith("advisor:vote:up:") for c in other.custom_ids)


async def test_a_question_with_everyone_pings_nobody(discord: DiscordConversation) -> None:
    reply = await discord.slash("ask", question="@everyone <@&123> do we need lots of followers?")

    assert reply.allowed_mentions["parse"] == []
    assert not reply.allowed_mentions.get("users")
    assert not reply.allowed_mentions.get("roles")


async def test_myths_lists_the_seven_claims_and_the_rule(discord: DiscordConversation) -> None:
    reply = await discord.slash("myths")

    lines = reply.embed["description"].splitlines()
    assert len(lines) == 8
    assert lines[0].startswith("**1.**")
    assert lines[-1].startswith("★")


async def test_myth_autocomplete_offers_names_in_the_guilds_language(
    discord: DiscordConversation,
) -> None:
    english = await discord.autocomplete("myth", focused="number", number="")
    assert [c["value"] for c in english] == ["1", "2", "3", "4", "5", "6", "7", "value"]
    assert english[3]["name"] == "4. You need lots of followers"

    await discord.slash("profile set", admin=True, user=ADMIN, language="ar")
    arabic = await discord.autocomplete("myth", focused="number", number="4")
    assert [c["value"] for c in arabic] == ["4"]
    assert any("\u0600" <= ch <= "\u06ff" for ch in arabic[0]["name"])


async def test_myth_by_number_answers_in_full(discord: DiscordConversation) -> None:
    reply = await discord.slash("myth", number="4")

    assert reply.embed["title"] == "You need lots of followers"
    assert not reply.ephemeral


async def test_a_forged_myth_number_is_refused_politely(discord: DiscordConversation) -> None:
    # Discord's client offers only the autocomplete values; a forged request sends anything.
    reply = await discord.slash("myth", number="99")

    assert reply.ephemeral
    assert "There is no myth '99'" in reply.text
    assert "1 to 7" in reply.text


async def test_a_member_cannot_change_the_profile(discord: DiscordConversation) -> None:
    reply = await discord.slash("profile set", user=MEMBER, goal="leads", followers=1200)

    assert reply.ephemeral
    assert "Manage Server" in reply.text
    assert await discord.profile_of(GUILD_A) is None


async def test_an_admin_changes_the_profile(discord: DiscordConversation) -> None:
    reply = await discord.slash(
        "profile set",
        user=ADMIN,
        admin=True,
        goal="leads",
        platforms="instagram, twitter",
        followers=1200,
        blogs="yes",
    )

    assert reply.ephemeral
    assert reply.embed["title"] == "Profile saved."
    profile = await discord.profile_of(GUILD_A)
    assert profile.goal == "leads"
    assert profile.platforms == ["instagram", "x"]
    assert profile.followers == 1200
    assert profile.blogs is True


async def test_forged_profile_values_are_refused_and_nothing_is_stored(
    discord: DiscordConversation,
) -> None:
    bad_goal = await discord.slash("profile set", user=ADMIN, admin=True, goal="world-domination")
    bad_range = await discord.slash("profile set", user=ADMIN, admin=True, followers=-5)
    nothing = await discord.slash("profile set", user=ADMIN, admin=True)

    assert all(r.ephemeral for r in (bad_goal, bad_range, nothing))
    assert "goal" in bad_goal.text
    assert "followers" in bad_range.text
    assert "at least one option" in nothing.text
    assert await discord.profile_of(GUILD_A) is None


async def test_profile_reset_needs_manage_server(discord: DiscordConversation) -> None:
    await discord.slash("profile set", user=ADMIN, admin=True, goal="sales")

    refused = await discord.slash("profile reset", user=MEMBER)
    assert refused.ephemeral
    assert (await discord.profile_of(GUILD_A)).goal == "sales"

    done = await discord.slash("profile reset", user=ADMIN, admin=True)
    assert done.embed["title"] == "Profile cleared."
    assert await discord.profile_of(GUILD_A) is None


async def test_one_guild_never_sees_anothers_profile(discord: DiscordConversation) -> None:
    await discord.slash("profile set", guild=GUILD_A, user=ADMIN, admin=True, goal="recruiting")

    in_b = await discord.slash("profile show", guild=GUILD_B)
    in_a = await discord.slash("profile show", guild=GUILD_A)

    assert "recruiting" not in in_b.text
    assert "No profile yet" in in_b.text
    assert "recruiting" in in_a.text
    assert await discord.profile_of(GUILD_B) is None


async def test_direct_messages_are_their_own_workspace(discord: DiscordConversation) -> None:
    reply = await discord.slash("profile set", guild=None, user=MEMBER, goal="community")

    assert reply.embed["title"] == "Profile saved."
    dm = await discord.core.advisor.profile(WorkspaceKey("discord", f"dm:{MEMBER}"))
    assert dm is not None
    assert dm.goal == "community"
    assert await discord.profile_of(GUILD_A) is None


async def test_votes_are_stored_per_guild(discord: DiscordConversation) -> None:
    answer = await discord.slash("ask", question="Do I need lots of followers?")

    thanks = await discord.click(answer, "advisor:vote:up:4")

    assert thanks.ephemeral
    assert "Thanks" in thanks.text
    counts_a = await discord.core.store.feedback_counts(WorkspaceKey("discord", str(GUILD_A)))
    counts_b = await discord.core.store.feedback_counts(WorkspaceKey("discord", str(GUILD_B)))
    assert counts_a["4"]["up"] == 1
    assert counts_b == {}


async def test_a_button_still_works_after_a_restart(discord: DiscordConversation) -> None:
    answer = await discord.slash("ask", question="Do I need lots of followers?")

    await discord.restart()
    thanks = await discord.click(answer, "advisor:vote:down:4")

    assert "Thanks" in thanks.text
    counts = await discord.core.store.feedback_counts(WorkspaceKey("discord", str(GUILD_A)))
    assert counts["4"]["down"] == 1


async def test_help_lists_the_slash_commands_privately(discord: DiscordConversation) -> None:
    reply = await discord.slash("help")

    assert reply.ephemeral
    assert "/ask question" in reply.text
    assert "/myth number" in reply.text
    assert "/profile show|set|reset" in reply.text
    assert "/reminders add|list|pause|resume|remove" in reply.text
    assert "Manage Server" in reply.text
    # Not the core's typed commands, which Discord has no way to receive.
    assert "profile set field=value" not in reply.text
    assert "ask <question>" not in reply.text


async def test_hints_under_lists_profiles_and_answers_name_slash_commands(
    discord: DiscordConversation,
) -> None:
    myths = await discord.slash("myths")
    empty = await discord.slash("profile show")
    answer = await discord.slash("ask", question="Do I need lots of followers?")
    more = await discord.click(answer, "advisor:more:4:en")  # the profile hint sits there
    reminders = await discord.slash("reminders list", user=ADMIN, admin=True)
    await discord.slash("profile set", user=ADMIN, admin=True, goal="leads")
    profile = await discord.slash("profile show")

    assert 'Type "/myth number:4" (or any number)' in myths.text
    assert 'Type "myth 4"' not in myths.text
    assert "/profile set platforms:instagram,linkedin goal:leads" in empty.text
    assert '("/profile set")' in more.text
    assert "/reminders add weekday:monday time:09:00" in reminders.text
    assert "/profile set" in profile.text
    assert "/profile reset" in profile.text
    for reply in (myths, empty, answer, more, reminders, profile):
        assert "field=value" not in reply.text
        assert "profile set …" not in reply.text


async def test_reminders_need_manage_server(discord: DiscordConversation) -> None:
    refused = await discord.slash("reminders list", user=MEMBER)
    allowed = await discord.slash("reminders list", user=ADMIN, admin=True)

    assert refused.ephemeral
    assert "Manage Server" in refused.text
    assert allowed.ephemeral
    assert "Manage Server" not in allowed.text


async def test_an_arabic_server_gets_lists_and_help_in_arabic(
    discord: DiscordConversation,
) -> None:
    await discord.slash("profile set", user=ADMIN, admin=True, language="ar")

    myths = await discord.slash("myths")
    help_ = await discord.slash("help")
    refused = await discord.slash("profile reset", user=MEMBER)

    assert myths.embed["title"].startswith("سبع")
    assert help_.embed["title"] == "ما الذي أستطيع فعله"
    assert "/ask question" in help_.text
    assert "هذه القائمة" in help_.text
    assert "profile set field=value" not in help_.text
    assert "/myth number" in myths.text
    assert "«myth 4»" not in myths.text
    assert "إدارة الخادم" in refused.text


async def test_a_vote_counts_even_when_the_language_cannot_be_read(
    discord: DiscordConversation, monkeypatch: pytest.MonkeyPatch
) -> None:
    answer = await discord.slash("ask", question="Do I need lots of followers?")
    quick_profile = discord.core.advisor.profile
    reads = 0

    async def flaky_profile(*args: Any, **kwargs: Any) -> Any:
        nonlocal reads
        reads += 1
        if reads == 1:
            raise RuntimeError("database is locked")
        return await quick_profile(*args, **kwargs)

    monkeypatch.setattr(discord.core.advisor, "profile", flaky_profile)

    # No vote coroutine is left unawaited (an error under the test settings); English it is.
    thanks = await discord.click(answer, "advisor:vote:up:4")

    assert "Thanks" in thanks.text
    counts = await discord.core.store.feedback_counts(WorkspaceKey("discord", str(GUILD_A)))
    assert counts["4"]["up"] == 1


async def test_an_unknown_option_is_refused_in_the_servers_language(
    discord: DiscordConversation,
) -> None:
    await discord.slash("profile set", user=ADMIN, admin=True, language="ar")

    # A channel Discord resolved but the bot has never seen (stale or forged).
    reply = await discord.slash(
        "reminders add",
        user=ADMIN,
        admin=True,
        channel=Channel("123456789012345678", GUILD_A),
        weekday="monday",
        time="09:00",
    )

    assert reply.ephemeral
    assert "أحد الخيارات غير صالح" in reply.text


async def test_a_marketing_question_we_do_not_cover_is_declined_with_a_pointer(
    discord: DiscordConversation,
) -> None:
    reply = await discord.slash("ask", question="how often should our gym post on instagram?")

    shown = reply.embed.get("title", "") + reply.embed.get("description", "") + reply.text
    assert "not one my advice covers" in shown
    assert '"/myths"' in shown  # what we cover, in Discord's own commands
    assert "This may help:" in shown
    assert "(myth value)" not in shown  # a button says it here, not a command to type
    [pointer] = [b for b in reply.buttons if b.get("custom_id") == "advisor:myth:value:en"]
    assert pointer["label"] == "The one rule worth following: provide value"

    opened = await discord.click(reply, "advisor:myth:value:en")

    assert opened.ephemeral
    assert opened.embed["title"] == "The one rule worth following: provide value"
    assert any(c.startswith("advisor:vote:up:value") for c in opened.custom_ids)
    assert not any(c.startswith("advisor:vote:") for c in reply.custom_ids)
