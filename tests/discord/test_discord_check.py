"""The message command "Check against the myths": a message checked for its invoker, shared
in the channel only when they choose."""

from __future__ import annotations

from adapters.discord.context_menu import ShareCheck
from tests.discord.conversation import GUILD_A, DiscordConversation, DiscordReply
from tests.discord.fake_discord import channel_id_for

CHECK = "Check against the myths"
LOUD_CLAIM = (
    "@everyone @here big week! The launch deck is nearly done. "
    "Honestly we need lots of followers before launch or nobody will see it."
)


def _share_button(reply: DiscordReply) -> str:
    [custom_id] = [c for c in reply.custom_ids if c.startswith("advisor:check:")]
    return custom_id


def _no_ping(reply: DiscordReply) -> None:
    assert reply.allowed_mentions == {"parse": []}
    assert "@everyone" not in reply.text
    assert "@here" not in reply.text
    assert "@everyone" not in (reply.message.get("content") or "")


async def test_a_claim_is_checked_for_the_invoker_alone_without_pinging_anyone(
    discord: DiscordConversation,
) -> None:
    knowledge = discord.core.knowledge
    reply = await discord.message_command(CHECK, LOUD_CLAIM)

    assert reply.ephemeral
    assert knowledge.entries["4"].en.verdict in reply.text
    assert "`/myth number:4`" in reply.text  # the option named, as Discord's form takes it
    assert [b["label"] for b in reply.buttons] == ["Share in channel"]
    _no_ping(reply)


async def test_share_posts_the_check_in_the_channel_for_everyone(
    discord: DiscordConversation,
) -> None:
    knowledge = discord.core.knowledge
    checked = await discord.message_command(CHECK, LOUD_CLAIM)

    shared = await discord.click(checked, _share_button(checked))

    assert not shared.ephemeral
    assert knowledge.entries["4"].en.verdict in shared.text
    assert f"https://discord.com/channels/{GUILD_A}/{channel_id_for(GUILD_A)}/" in shared.text
    assert not shared.custom_ids  # shared once; the copy has no buttons
    _no_ping(shared)


async def test_a_message_without_a_claim_gets_nothing_contradicts_rather_than_silence(
    discord: DiscordConversation,
) -> None:
    reply = await discord.message_command(CHECK, "@everyone lunch is at noon on Friday.")

    assert reply.ephemeral
    assert "nothing here contradicts the article" in reply.text
    _no_ping(reply)


async def test_an_arabic_message_is_checked_in_arabic(
    discord: DiscordConversation,
) -> None:
    knowledge = discord.core.knowledge
    reply = await discord.message_command(CHECK, "@everyone هل نحتاج عددًا كبيرًا من المتابعين؟")

    assert knowledge.entries["4"].ar.verdict in reply.text
    assert [b["label"] for b in reply.buttons] == ["شارك في القناة"]
    shared = await discord.click(reply, _share_button(reply))
    assert knowledge.entries["4"].ar.verdict in shared.text


async def test_share_still_works_after_a_restart(
    discord: DiscordConversation,
) -> None:
    knowledge = discord.core.knowledge
    checked = await discord.message_command(CHECK, LOUD_CLAIM)
    await discord.restart()

    shared = await discord.click(checked, _share_button(checked))

    assert knowledge.entries["4"].en.verdict in shared.text


async def test_the_check_works_in_a_direct_message_too(
    discord: DiscordConversation,
) -> None:
    knowledge = discord.core.knowledge
    reply = await discord.message_command(CHECK, "we need lots of followers", guild=None)

    assert knowledge.entries["4"].en.verdict in reply.text


async def test_the_share_button_fits_discords_custom_id_limit_with_long_team_entry_ids() -> None:
    long_ids = ("a" * 40, "b-" + "c" * 38)
    button = ShareCheck(entry_ids=long_ids, language="ar", message_id=2**63 - 1)

    custom_id = button.item.custom_id
    assert custom_id is not None
    assert len(custom_id) <= 100
    match = ShareCheck.__discord_ui_compiled_template__.fullmatch(custom_id)
    assert match is not None
    again = await ShareCheck.from_custom_id(None, button.item, match)  # type: ignore[arg-type]
    assert again.entry_ids == long_ids
    assert again.language == "ar"
