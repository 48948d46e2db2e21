"""Plain-text rendering of replies, for the console and for logs of what was said."""

from __future__ import annotations

from bot.i18n import t
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
    return "\n".join([notice.title, *notice.lines])


def _answer(answer: Answer) -> str:
    lang = answer.language
    rating = t(f"rating.{answer.rating}", lang)
    lines = [f"{answer.title}  [{rating}]", ""]
    if answer.truncated_note:
        lines += [f"({answer.truncated_note})", ""]
    lines += [f"{t('answer.verdict', lang)}: {answer.verdict}", ""]
    lines += [answer.short_answer, ""]
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
        related = ", ".join(f"{r.title} (myth {r.entry_id})" for r in answer.related)
        lines += ["", f"{t('answer.related', lang)}: {related}"]
    if answer.did_you_mean:
        lines.append(t("answer.did_you_mean", lang, title=answer.did_you_mean.title))
    if answer.profile_hint:
        lines += ["", answer.profile_hint]
    elif answer.personalised:
        lines += ["", t("answer.personalised", lang)]
    return "\n".join(lines)
