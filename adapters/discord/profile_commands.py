"""`/profile show|set|reset`: the audience profile the advice is tailored to.

Discord applies default permissions per top-level command, so the whole `/profile` group asks
for Manage Server: members don't see it unless a server admin grants it in Integrations. Set
and reset check Manage Server in the handler too, because Discord does not stop forged or
stale interactions (and the core checks again).
"""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from discord.app_commands import Choice, Range

from adapters.discord.choices import timezone_choices
from adapters.discord.context import asker_of, can_manage, services_of
from adapters.discord.phrases import say
from adapters.discord.respond import respond
from bot.errors import InvalidInput, NotPermitted
from bot.i18n import LANGUAGES, label
from bot.profiles import GOALS, VALUE_STYLES, parse_assignments
from bot.replies import Reply
from bot.text import Language


def profile_commands() -> app_commands.Group:
    profile = app_commands.Group(
        name="profile",
        description="Your team's audience profile",
        default_permissions=discord.Permissions(manage_guild=True),
    )

    @profile.command(name="show", description="Show the audience profile the advice uses")
    async def show(interaction: discord.Interaction[Any]) -> None:
        advisor = services_of(interaction).advisor
        asker = asker_of(interaction)
        await respond(interaction, lambda language: advisor.show_profile(asker, language))

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
        language=[Choice(name=label(code, code), value=code) for code in LANGUAGES],
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
        await respond(
            interaction,
            lambda language_shown: _change_profile(interaction, options, language_shown),
            private=True,
        )

    set_.autocomplete("timezone")(timezone_choices)

    @profile.command(name="reset", description="Clear the audience profile (Manage Server)")
    async def reset(interaction: discord.Interaction[Any]) -> None:
        await respond(interaction, lambda language: _reset_profile(interaction, language))

    return profile


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
