"""The slash commands: each handler translates options into one core call and sends the reply.

Discord enforces choices, ranges and default permissions only in its own client; a forged or
stale interaction reaches these handlers with any value from any member. So every value is
validated again by the core, and changes check Manage Server here as well.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any
from zoneinfo import available_timezones

import discord
from discord import app_commands
from discord.app_commands import Choice, Range

from adapters.discord.context import asker_of, can_manage, language_of, services_of
from adapters.discord.phrases import say
from adapters.discord.respond import respond, send_reply
from adapters.discord.views import answer_view
from bot.errors import InvalidInput, NotPermitted
from bot.i18n import label, t
from bot.profiles import GOALS, VALUE_STYLES, parse_assignments
from bot.replies import Notice, Reply
from bot.text import MAX_QUESTION_CHARS, Language, detect_language, truncate

AUTOCOMPLETE_LIMIT = 25
CHOICE_NAME_LIMIT = 100
AppCommand = app_commands.Command[Any, ..., None] | app_commands.Group


def advisor_commands() -> list[AppCommand]:
    """Fresh command objects for one tree (a restarted client builds its own)."""
    return [_ask(), _myths(), _myth(), _help(), _profile()]


def _ask() -> AppCommand:
    @app_commands.command(name="ask", description="Ask the social-media advisor a question")
    @app_commands.describe(question="Your question, in English or Arabic")
    async def ask(
        interaction: discord.Interaction[Any], question: Range[str, 1, MAX_QUESTION_CHARS]
    ) -> None:
        services = services_of(interaction)
        work = services.advisor.ask(asker_of(interaction), question)
        await respond(
            interaction,
            work,
            language=detect_language(question),
            defer_after=services.defer_after,
            view_for=answer_view,
        )

    return ask


def _myths() -> AppCommand:
    @app_commands.command(name="myths", description="The seven social-media claims and the rule")
    async def myths(interaction: discord.Interaction[Any]) -> None:
        advisor = services_of(interaction).advisor
        await send_reply(interaction, advisor.myths(await language_of(interaction, advisor)))

    return myths


def _myth() -> AppCommand:
    @app_commands.command(name="myth", description="The full answer on one claim, or the rule")
    @app_commands.describe(number="1 to 7, or value for the rule")
    async def myth(interaction: discord.Interaction[Any], number: Range[str, 1, 40]) -> None:
        services = services_of(interaction)
        language = await language_of(interaction, services.advisor)
        # The core accepts only known entries ("1".."7", "value"); anything else is refused.
        work = services.advisor.myth(asker_of(interaction), number, language)
        await respond(
            interaction,
            work,
            language=language,
            defer_after=services.defer_after,
            view_for=answer_view,
        )

    @myth.autocomplete("number")
    async def myth_choices(
        interaction: discord.Interaction[Any], current: str
    ) -> list[Choice[str]]:
        advisor = services_of(interaction).advisor
        language = await language_of(interaction, advisor)
        typed = current.strip().casefold()
        choices = []
        for item in advisor.myths(language).items:
            prefix = f"{item.number}. " if item.number is not None else "★ "
            name = truncate(prefix + item.title, CHOICE_NAME_LIMIT)
            if typed and typed not in name.casefold() and not item.entry_id.startswith(typed):
                continue
            choices.append(Choice(name=name, value=item.entry_id))
        return choices[:AUTOCOMPLETE_LIMIT]

    return myth


def _help() -> AppCommand:
    @app_commands.command(name="help", description="What the advisor can do")
    async def help_(interaction: discord.Interaction[Any]) -> None:
        advisor = services_of(interaction).advisor
        language = await language_of(interaction, advisor)
        lines = [say("help.commands", language), say("help.admin", language)]
        lines.append(t("intro.try", language))
        notice = Notice(language, "info", t("help.title", language), lines, private=True)
        await send_reply(interaction, notice)

    return help_


def _profile() -> AppCommand:
    # Discord applies default permissions per top-level command, so `/profile show` stays open
    # to everyone and set/reset check Manage Server in the handler (and the core checks again).
    profile = app_commands.Group(name="profile", description="Your team's audience profile")

    @profile.command(name="show", description="Show the audience profile the advice uses")
    async def show(interaction: discord.Interaction[Any]) -> None:
        services = services_of(interaction)
        language = await language_of(interaction, services.advisor)
        work = services.advisor.show_profile(asker_of(interaction), language)
        await respond(interaction, work, language=language, defer_after=services.defer_after)

    @profile.command(name="set", description="Change the audience profile (Manage Server)")
    @app_commands.describe(
        platforms="Comma-separated, e.g. instagram, linkedin",
        goal="Your main business goal on social media",
        audience="Who you want to reach, in a few words",
        followers="About how many followers you have",
        engagement_rate="Typical engagement, in percent",
        blogs="Does your team blog?",
        value_style="The kind of value your audience likes",
        language="The language for answers without a question (lists, reminders)",
        timezone="IANA time zone, e.g. Europe/Berlin",
    )
    @app_commands.choices(
        goal=[Choice(name=label(g, "en"), value=g) for g in GOALS],
        value_style=[Choice(name=label(v, "en"), value=v) for v in VALUE_STYLES],
        language=[Choice(name="English", value="en"), Choice(name="العربية", value="ar")],
        blogs=[Choice(name="yes", value="yes"), Choice(name="no", value="no")],
    )
    async def set_(
        interaction: discord.Interaction[Any],
        platforms: Range[str, 1, 300] | None = None,
        goal: str | None = None,
        audience: Range[str, 1, 300] | None = None,
        followers: Range[int, 0, 2_000_000_000] | None = None,
        engagement_rate: Range[float, 0, 100] | None = None,
        blogs: str | None = None,
        value_style: str | None = None,
        language: str | None = None,
        timezone: Range[str, 1, 64] | None = None,
    ) -> None:
        services = services_of(interaction)
        language_shown = await language_of(interaction, services.advisor)
        options: dict[str, object | None] = {
            "platforms": platforms,
            "goal": goal,
            "audience": audience,
            "followers": followers,
            "engagement_rate": engagement_rate,
            "blogs": blogs,
            "value_style": value_style,
            "language": language,
            "timezone": timezone,
        }
        work = _change_profile(interaction, options, language_shown)
        await respond(
            interaction,
            work,
            language=language_shown,
            defer_after=services.defer_after,
            private=True,
        )

    set_.autocomplete("timezone")(timezone_choices)

    @profile.command(name="reset", description="Clear the audience profile (Manage Server)")
    async def reset(interaction: discord.Interaction[Any]) -> None:
        services = services_of(interaction)
        language = await language_of(interaction, services.advisor)
        work = _reset_profile(interaction, language)
        await respond(interaction, work, language=language, defer_after=services.defer_after)

    return profile


async def timezone_choices(
    interaction: discord.Interaction[Any], current: str
) -> list[Choice[str]]:
    del interaction  # The same list for everyone.
    typed = current.strip().replace(" ", "_").casefold()
    matches = [zone for zone in _zones() if typed in zone.casefold()]
    # Zones that start with what was typed come first: "ber" -> Europe/Berlin before others.
    matches.sort(key=lambda zone: (not zone.casefold().split("/")[-1].startswith(typed), zone))
    return [Choice(name=zone, value=zone) for zone in matches[:AUTOCOMPLETE_LIMIT]]


@lru_cache(maxsize=1)
def _zones() -> tuple[str, ...]:
    return tuple(sorted(available_timezones()))


async def _change_profile(
    interaction: discord.Interaction[Any], options: dict[str, object | None], language: Language
) -> Reply:
    _require_manage(interaction, language)
    changes = profile_changes(options, language)
    advisor = services_of(interaction).advisor
    return await advisor.update_profile(asker_of(interaction), changes, language)


async def _reset_profile(interaction: discord.Interaction[Any], language: Language) -> Reply:
    _require_manage(interaction, language)
    advisor = services_of(interaction).advisor
    return await advisor.reset_profile(asker_of(interaction), language)


def _require_manage(interaction: discord.Interaction[Any], language: Language) -> None:
    if not can_manage(interaction):
        raise NotPermitted(say("manage.required", language))


def profile_changes(options: dict[str, object | None], language: Language) -> dict[str, object]:
    """The options that were given, converted; the core validates every value after this."""
    changes = {name: value for name, value in options.items() if value is not None}
    platforms = changes.pop("platforms", None)
    if isinstance(platforms, str):
        # The core's parser splits the list and maps aliases (twitter -> x, تويتر -> x).
        changes.update(parse_assignments('platforms="' + platforms.replace('"', "") + '"'))
    blogs = changes.get("blogs")
    if blogs is not None:
        if blogs not in {"yes", "no"}:
            raise InvalidInput(say("blogs.invalid", language, value=str(blogs)[:20]), field="blogs")
        changes["blogs"] = blogs == "yes"
    if not changes:
        raise InvalidInput(say("profile.nothing", language))
    return changes
