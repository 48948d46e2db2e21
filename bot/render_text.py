"""Plain-text rendering of replies, for the console and for logs of what was said."""

from __future__ import annotations

from bot.i18n import entry_command, t
from bot.more import first_steps
from bot.replies import Answer, MythList, Notice, ProfileView, Reply


def render_plain(reply: Reply) -> str:
    if isinstance(reply, Answer):
        return _answer(reply)
    if isinstance(reply, MythList):
        lines = [reply.title, ""]
        for item in reply.items:
            prefix = f"{item.number}." if item.number is not None else "★"
            lines.append(f"{prefix} {item.title} — {item.verdict}")
        return "\n".join([*lines, "", reply.footer])
    if isinstance(reply, ProfileView):
        lines = [reply.title]
        width = max((len(name) for name, _ in reply.rows), default=0)
        lines += [f"  {name.ljust(width)}  {value}" for name, value in reply.rows]
        return "\n".join([*lines, reply.footer])
    return _notice(reply)


def _notice(notice: Notice) -> str:
    lang = notice.language
    pointers = [
        t("decline.may_help", lang, title=e.title, command=entry_command(e.entry_id, lang))
        for e in notice.may_help
    ]
    return "\n".join([notice.title, *notice.lines, *pointers])


def _answer(answer: Answer) -> str:
    """The first message: the rating, the short answer, three first steps."""
    lang = answer.language
    rating = t(f"rating.{answer.rating}", lang)
    lines = [f"{answer.title}  [{rating}]", ""]
    if answer.truncated_note:
        lines += [f"({answer.truncated_note})", ""]
    lines += [answer.short_answer, ""]
    lines.append(f"{t('answer.first_steps', lang)}:")
    lines += [f"  {n}. {step}" for n, step in enumerate(first_steps(answer), 1)]
    if answer.did_you_mean:
        lines += ["", t("answer.did_you_mean", lang, title=answer.did_you_mean.title)]
    return "\n".join(lines)


def render_more(answer: Answer) -> str:
    """What "More" adds: notes for the team, why, what the claim gets right, every action,
    related entries, and the source."""
    lang = answer.language
    lines = [t("more.title", lang, title=answer.title), ""]
    if answer.personal_notes:
        lines.append(f"{t('answer.for_you', lang)}:")
        lines += [f"  • {note}" for note in answer.personal_notes]
        lines.append("")
    lines.append(f"{t('answer.why', lang)}:")
    lines += [f"  {paragraph}" for paragraph in answer.reasoning]
    lines.append("")
    if answer.concession:
        lines += [f"{t('answer.fair', lang)}: {answer.concession}", ""]
    lines.append(f"{t('answer.actions', lang)}:")
    lines += [f"  {n}. {action}" for n, action in enumerate(answer.actions, 1)]
    if answer.related:
        # Titles are sentences: a و before one would read as part of it, so a comma it is.
        related = ("، " if lang == "ar" else ", ").join(
            f"{r.title} ({entry_command(r.entry_id, lang)})" for r in answer.related
        )
        lines += ["", f"{t('answer.related', lang)}: {related}"]
    if answer.profile_hint:
        lines += ["", answer.profile_hint]
    elif answer.personalised:
        lines += ["", t("answer.personalised", lang)]
    if answer.source:
        lines += ["", answer.source]
    return "\n".join(lines)


def render_full(answer: Answer) -> str:
    """The first message and what "More" adds, as one text (`ask --json`'s `more`)."""
    return f"{_answer(answer)}\n\n{render_more(answer)}"
