"""Core replies rendered as Block Kit, within Slack's limits.

Every string goes through `neutralise` (user words can sit inside core replies: an audience
description, an unknown command; a notice title names the unknown command) and is cut to the
limit of the block that holds it. Text objects are built only by `mrkdwn`, `plain` and
`labelled_mrkdwn`; nothing else puts a string into a block.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from adapters.slack.home_chart import HomeChart
from adapters.slack.safety import neutralise
from adapters.slack.syntax import SLACK
from adapters.slack.words import WORDS
from bot.hints import in_syntax
from bot.i18n import t
from bot.more import first_steps
from bot.replies import Answer, MythList, Notice, ProfileView, Reply
from bot.text import Language, truncate

Block = dict[str, Any]

# Slack's limits (slack_sdk validators and the Block Kit reference).
SECTION_TEXT = 3000
HEADER_TEXT = 150
BUTTON_TEXT = 75
CONTEXT_ELEMENTS = 10
FIELD_TEXT = 2000
SECTION_FIELDS = 10
MESSAGE_BLOCKS = 50
VIEW_BLOCKS = 100
FALLBACK_TEXT = 3000

VOTE_UP = "advisor_vote_up"
VOTE_DOWN = "advisor_vote_down"
DID_YOU_MEAN = "advisor_did_you_mean"
EDIT_PROFILE = "advisor_edit_profile"
ADD_TEAM_ENTRY = "advisor_add_team_entry"
MORE = "advisor_more"
# One action id per related entry (ids are unique within a block): advisor_related:<entry id>.
RELATED = "advisor_related:"
ACTION_ELEMENTS = 25


@dataclass(frozen=True, kw_only=True)
class SlackMessage:
    text: str  # notification and screen-reader fallback
    blocks: list[Block]
    private: bool
    language: Language


def mrkdwn(text: str, limit: int = SECTION_TEXT) -> dict[str, str]:
    return {"type": "mrkdwn", "text": truncate(neutralise(text), limit)}


def plain(text: str, limit: int) -> dict[str, Any]:
    return {"type": "plain_text", "text": truncate(neutralise(text), limit) or " ", "emoji": True}


def header(text: str) -> Block:
    return {"type": "header", "text": plain(text, HEADER_TEXT)}


def section(text: str) -> Block:
    return {"type": "section", "text": mrkdwn(text)}


def context(*texts: str) -> Block:
    return {"type": "context", "elements": [mrkdwn(x) for x in texts[:CONTEXT_ELEMENTS]]}


def button(text: str, action_id: str, value: str, *, style: str | None = None) -> Block:
    element: Block = {
        "type": "button",
        "text": plain(text, BUTTON_TEXT),
        "action_id": action_id,
        "value": value[:2000],
    }
    if style:
        element["style"] = style
    return element


LABEL_TEXT = 300


def labelled_mrkdwn(label: str, body: str, limit: int = SECTION_TEXT) -> dict[str, str]:
    """`*label*` over `body` as one mrkdwn object of at most `limit` characters.

    Both parts are neutralised (a label can hold user words too) before they are measured, so
    the budget counts what Slack receives; bold markers are added last, around the label only.
    """
    head = truncate(neutralise(label).strip(), min(LABEL_TEXT, limit // 2))
    bold = f"*{head}*" if head else ""
    room = limit - len(bold) - 1  # the newline between label and body
    text = truncate(neutralise(body), room)
    return {"type": "mrkdwn", "text": f"{bold}\n{text}" if bold and text else bold or text}


def render(reply: Reply) -> SlackMessage:
    reply = in_syntax(reply, SLACK)  # the commands it suggests, as /advisor commands
    if isinstance(reply, Answer):
        return _answer(reply)
    if isinstance(reply, MythList):
        return _myth_list(reply)
    if isinstance(reply, ProfileView):
        return _profile(reply)
    return _notice(reply)


def _message(
    blocks: list[Block], fallback: str, *, private: bool, language: Language
) -> SlackMessage:
    return SlackMessage(
        text=truncate(neutralise(fallback), FALLBACK_TEXT),
        blocks=blocks[:MESSAGE_BLOCKS],
        private=private,
        language=language,
    )


def labelled(label: str, body: str) -> Block:
    """A section whose label is bold; label and body both neutralised, together within limit."""
    return {"type": "section", "text": labelled_mrkdwn(label, body)}


def _answer(answer: Answer) -> SlackMessage:
    """The first message: the rating and two sentences, three first steps, then buttons."""
    lang = answer.language
    blocks: list[Block] = [header(answer.title)]
    if answer.truncated_note:
        blocks.append(context(answer.truncated_note))
    rating = t(f"rating.{answer.rating}", lang)
    blocks.append(labelled(rating, answer.short_answer))
    steps = "\n".join(f"{n}. {step}" for n, step in enumerate(first_steps(answer), 1))
    blocks.append(labelled(t("answer.first_steps", lang), steps))
    more = t("more.button_personal" if answer.personalised else "more.button", lang)
    buttons = [
        button(more, MORE, f"{answer.entry_id}|{lang}", style="primary"),
        button("👍", VOTE_UP, answer.entry_id),
        button("👎", VOTE_DOWN, answer.entry_id),
    ]
    if answer.did_you_mean is not None:
        question = t("answer.did_you_mean", lang, title=answer.did_you_mean.title)
        buttons.append(button(question, DID_YOU_MEAN, f"{answer.did_you_mean.entry_id}|{lang}"))
    blocks.append({"type": "actions", "block_id": "advisor_answer", "elements": buttons})
    if answer.related:
        # Each opens that entry's answer in the thread, like "Did you mean".
        related = [
            button(r.title, f"{RELATED}{r.entry_id}", f"{r.entry_id}|{lang}")
            for r in answer.related
            if answer.did_you_mean is None or r.entry_id != answer.did_you_mean.entry_id
        ][:ACTION_ELEMENTS]
        if related:
            blocks.append(context(f"{t('answer.related', lang)}:"))
            blocks.append({"type": "actions", "block_id": "advisor_related", "elements": related})
    fallback = f"{answer.title} — {rating}: {answer.short_answer}"
    return _message(blocks, fallback, private=False, language=lang)


def more_message(answer: Answer) -> SlackMessage:
    """What "More" adds: notes for the team, why, what the claim gets right, every action, and
    the source, named once."""
    answer = cast(Answer, in_syntax(answer, SLACK))
    lang = answer.language
    blocks: list[Block] = [header(t("more.title", lang, title=answer.title))]
    if answer.personal_notes:
        notes = "\n".join(f"• {note}" for note in answer.personal_notes)
        blocks.append(labelled(t("answer.for_you", lang), notes))
    blocks.append(labelled(t("answer.why", lang), "\n\n".join(answer.reasoning)))
    if answer.concession:
        blocks.append(labelled(t("answer.fair", lang), answer.concession))
    steps = "\n".join(f"{n}. {action}" for n, action in enumerate(answer.actions, 1))
    blocks.append(labelled(t("answer.actions", lang), steps))
    notes_footer = [answer.profile_hint] if answer.profile_hint else []
    if not notes_footer and answer.personalised:
        notes_footer = [t("answer.personalised", lang)]
    if answer.source:
        notes_footer.append(answer.source)
    if notes_footer:
        blocks.append(context(*notes_footer))
    fallback = t("more.title", lang, title=answer.title)
    return _message(blocks, fallback, private=False, language=lang)


def _myth_list(myths: MythList) -> SlackMessage:
    blocks = [header(myths.title), *myth_sections(myths), context(myths.footer)]
    return _message(blocks, myths.title, private=True, language=myths.language)


def myth_sections(myths: MythList) -> list[Block]:
    blocks: list[Block] = []
    for item in myths.items:
        number = f"{item.number}." if item.number is not None else "★"
        blocks.append(labelled(f"{number} {item.title}", item.verdict))
    return blocks


def profile_blocks(view: ProfileView) -> list[Block]:
    blocks: list[Block] = [header(view.title)]
    if view.rows:
        fields = [labelled_mrkdwn(name, value, FIELD_TEXT) for name, value in view.rows]
        for start in range(0, len(fields), SECTION_FIELDS):
            blocks.append({"type": "section", "fields": fields[start : start + SECTION_FIELDS]})
    blocks.append(context(view.footer))
    return blocks


def _profile(view: ProfileView) -> SlackMessage:
    return _message(profile_blocks(view), view.title, private=view.private, language=view.language)


def _notice(notice: Notice) -> SlackMessage:
    lang = notice.language
    body = "\n".join(notice.lines)
    blocks = [labelled(notice.title, body)] if body else [section(notice.title)]
    fallback = f"{notice.title}\n{body}".strip()
    if notice.may_help:
        # The same buttons as an answer's related entries: each opens that answer in the thread.
        label = t("decline.may_help_label", lang)
        pointers = [
            button(e.title, f"{RELATED}{e.entry_id}", f"{e.entry_id}|{lang}")
            for e in notice.may_help
        ][:ACTION_ELEMENTS]
        blocks.append(context(label))
        blocks.append({"type": "actions", "block_id": "advisor_related", "elements": pointers})
        fallback += "\n" + label + " " + ", ".join(e.title for e in notice.may_help)
    return _message(blocks, fallback, private=notice.private, language=lang)


def home_view(
    *,
    intro: Notice,
    profile: ProfileView,
    myths: MythList,
    can_edit: bool,
    insights: Notice | None = None,
    chart: HomeChart | None = None,
) -> dict[str, Any]:
    """The App Home tab: what the advisor is, the team's profile, team insights with their
    chart (admins only), the seven myths and the rule."""
    profile = cast(ProfileView, in_syntax(profile, SLACK))
    myths = cast(MythList, in_syntax(myths, SLACK))
    lang = profile.language
    blocks: list[Block] = [header(intro.title), section(intro.lines[0] if intro.lines else "")]
    blocks.append({"type": "divider"})
    blocks.extend(profile_blocks(profile))
    if can_edit:
        edit = WORDS.format("home.edit_profile", lang)
        add = WORDS.format("home.add_entry", lang)
        blocks.append(
            {
                "type": "actions",
                "block_id": "advisor_home_profile",
                "elements": [
                    button(edit, EDIT_PROFILE, "home", style="primary"),
                    button(add, ADD_TEAM_ENTRY, "home"),  # adapters/slack/team_modal.py
                ],
            }
        )
    if insights is not None:
        blocks.append({"type": "divider"})
        blocks.extend(insight_blocks(insights, chart))
    blocks.append({"type": "divider"})
    blocks.append(header(myths.title))
    blocks.extend(myth_sections(myths))
    blocks.append(context(myths.footer))
    return {"type": "home", "blocks": blocks[:VIEW_BLOCKS]}


IMAGE_ALT_TEXT = 2000
IMAGE_TITLE = 2000


def insight_blocks(report: Notice, chart: HomeChart | None = None) -> list[Block]:
    """The insights report as a header, the chart (a file the bot uploaded) or a note on why
    it is missing, then sections of whole lines: the figures stay readable as text."""
    blocks: list[Block] = [header(report.title)]
    if chart is not None and chart.file_id:
        blocks.append(
            {
                "type": "image",
                # A new id for a new file: Slack asks for fresh block ids when an image changes.
                "block_id": f"advisor_insights_chart_{chart.file_id}"[:255],
                "slack_file": {"id": chart.file_id},
                "alt_text": truncate(neutralise(chart.alt_text), IMAGE_ALT_TEXT) or chart.title,
                "title": plain(chart.title, IMAGE_TITLE),
            }
        )
        if chart.legend:
            blocks.append(context(chart.legend))
    elif chart is not None and chart.problem is not None:
        # Why an admin sees no chart (adapters/slack/home_chart.py); the figures stay below.
        blocks.append(context(WORDS.format(f"home.chart.{chart.problem}", report.language)))
    chunk: list[str] = []
    size = 0
    for line in report.lines:
        # Measured as Slack receives it (neutralised), with room for the joining newlines.
        length = len(neutralise(line)) + 1
        if chunk and size + length > SECTION_TEXT - 100:
            blocks.append(section("\n".join(chunk)))
            chunk, size = [], 0
        chunk.append(line)
        size += length
    if chunk:
        blocks.append(section("\n".join(chunk)))
    return blocks
