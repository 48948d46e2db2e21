"""How replies look on Discord: one embed per reply, always within Discord's limits.

Discord rejects a whole message when one embed limit is exceeded (title 256, description 4096,
field name 256, field value 1024, 25 fields, 6000 characters across the embed), so every piece
is cut with `bot.text.truncate` and the total is budgeted: lower fields shrink first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import cast

import discord

from adapters.discord.syntax import DISCORD
from bot.hints import in_syntax
from bot.i18n import t
from bot.more import first_steps
from bot.replies import Answer, MythList, Notice, ProfileView, Reply
from bot.text import truncate

CONTENT_LIMIT = 2000
TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FIELD_NAME_LIMIT = 256
FIELD_VALUE_LIMIT = 1024
FIELD_COUNT_LIMIT = 25
# Footers here are one-line hints; cut well before Discord's limit of 2048.
FOOTER_BUDGET = 500
MIN_FIELD_CHARS = 40
EMBED_TOTAL_LIMIT = 6000

# Colour tells the verdict at a glance: myths red, half-truths amber, the rule green.
RATING_COLOURS: dict[str, int] = {"myth": 0xD9534F, "partly_true": 0xF0AD4E, "rule": 0x2E9E5B}
NOTICE_COLOURS: dict[str, int] = {
    "intro": 0x5865F2,
    "info": 0x5865F2,
    "confirm": 0x2E9E5B,
    "error": 0xD9534F,
    "decline": 0x99AAB5,
}
PROFILE_COLOUR = 0x5865F2


@dataclass
class EmbedDraft:
    """An embed's text before it is fitted to Discord's limits."""

    title: str
    colour: int
    description: str = ""
    fields: list[tuple[str, str, bool]] = field(default_factory=list)
    footer: str = ""

    def add(self, name: str, value: str, *, inline: bool = False) -> None:
        if value.strip():
            self.fields.append((name, value, inline))

    def build(self) -> discord.Embed:
        """Cuts every part to its limit, then the lowest fields until the total fits."""
        title = truncate(self.title, TITLE_LIMIT)
        footer = truncate(self.footer, FOOTER_BUDGET)
        budget = EMBED_TOTAL_LIMIT - len(title) - len(footer)
        # The description may not crowd out the fields entirely: they keep up to half.
        wanted = sum(len(n) + min(len(v), FIELD_VALUE_LIMIT) for n, v, _ in self.fields)
        room = min(DESCRIPTION_LIMIT, budget - min(wanted, budget // 2))
        description = truncate(self.description, max(room, 0))
        budget -= len(description)
        fields: list[tuple[str, str, bool]] = []
        for name, value, inline in self.fields[:FIELD_COUNT_LIMIT]:
            shown_name = truncate(name, FIELD_NAME_LIMIT) or "\u200b"
            room = min(FIELD_VALUE_LIMIT, budget - len(shown_name))
            if room < MIN_FIELD_CHARS:
                # Too little left for a readable field; stop rather than show a stub.
                break
            shown_value = truncate(value, room)
            budget -= len(shown_name) + len(shown_value)
            fields.append((shown_name, shown_value, inline))
        embed = discord.Embed(title=title, description=description or None, colour=self.colour)
        for name, value, inline in fields:
            embed.add_field(name=name, value=value, inline=inline)
        if footer:
            embed.set_footer(text=footer)
        return embed


def render(reply: Reply) -> discord.Embed:
    # Every reply shown on Discord passes here: the commands it suggests become slash commands.
    reply = in_syntax(reply, DISCORD)
    if isinstance(reply, Answer):
        return answer_embed(reply)
    if isinstance(reply, MythList):
        return myth_list_embed(reply)
    if isinstance(reply, ProfileView):
        return profile_embed(reply)
    return notice_embed(reply)


def is_private(reply: Reply) -> bool:
    """Errors, confirmations and profiles go to the asker only; answers to the channel."""
    if isinstance(reply, Notice | ProfileView):
        return reply.private
    return False


def answer_embed(answer: Answer) -> discord.Embed:
    """The first message: the rating and two sentences, then three first steps. "More",
    related entries and votes are buttons under it (views.py)."""
    lang = answer.language
    rating = t(f"rating.{answer.rating}", lang)
    intro = [f"*{answer.truncated_note}*"] if answer.truncated_note else []
    draft = EmbedDraft(
        title=answer.title,
        colour=RATING_COLOURS.get(answer.rating, NOTICE_COLOURS["info"]),
        description="\n\n".join([*intro, f"**{rating}:** {answer.short_answer}"]),
    )
    draft.add(t("answer.first_steps", lang), _numbered(first_steps(answer)))
    return draft.build()


def more_embed(answer: Answer) -> discord.Embed:
    """What "More" adds: notes for the team, why, what the claim gets right, every action; the
    source is named once, in the footer."""
    answer = cast(Answer, in_syntax(answer, DISCORD))
    lang = answer.language
    draft = EmbedDraft(
        title=t("more.title", lang, title=answer.title),
        colour=RATING_COLOURS.get(answer.rating, NOTICE_COLOURS["info"]),
    )
    draft.add(t("answer.for_you", lang), _bullets(answer.personal_notes))
    # Reasoning paragraphs are long; one field each keeps every one under the field limit.
    for index, paragraph in enumerate(answer.reasoning):
        draft.add(t("answer.why", lang) if index == 0 else "\u200b", paragraph)
    draft.add(t("answer.fair", lang), answer.concession)
    draft.add(t("answer.actions", lang), _numbered(answer.actions))
    footer = [answer.profile_hint] if answer.profile_hint else []
    if not footer and answer.personalised:
        footer = [t("answer.personalised", lang)]
    if answer.source:
        footer.append(answer.source)
    draft.footer = "\n".join(footer)
    return draft.build()


def notice_embed(notice: Notice) -> discord.Embed:
    # Entries that may help are buttons under the embed (views.py); the embed says so.
    pointer = [t("decline.may_help_label", notice.language)] if notice.may_help else []
    draft = EmbedDraft(
        title=notice.title,
        colour=NOTICE_COLOURS.get(notice.kind, NOTICE_COLOURS["info"]),
        description="\n".join([*notice.lines, *pointer]),
    )
    return draft.build()


def myth_list_embed(myths: MythList) -> discord.Embed:
    lines = []
    for item in myths.items:
        prefix = f"**{item.number}.**" if item.number is not None else "★"
        lines.append(f"{prefix} {item.title}")
    draft = EmbedDraft(
        title=myths.title,
        colour=NOTICE_COLOURS["info"],
        description="\n".join(lines),
        footer=myths.footer,
    )
    return draft.build()


def profile_embed(view: ProfileView) -> discord.Embed:
    draft = EmbedDraft(title=view.title, colour=PROFILE_COLOUR, footer=view.footer)
    for name, value in view.rows:
        draft.add(name, value, inline=True)
    return draft.build()


def _bullets(items: list[str]) -> str:
    return "\n".join(f"• {item}" for item in items)


def _numbered(items: list[str]) -> str:
    return "\n".join(f"{n}. {item}" for n, item in enumerate(items, 1))
