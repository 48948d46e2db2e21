"""Commands the advisor suggests, as values each platform writes in its own syntax.

A sentence such as "Type "myth 4" (or any number) for the full answer." is a `Hint`: its
catalog key and the `Command`s it names. Read as a string it is written the way the console
and the text commands type it (`myth 4`, `خرافة 4`); an adapter with other syntax writes it
with its own `CommandSyntax` (Slack `/advisor myth 4`, Discord `/myth number:4`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Literal, Protocol

from bot.i18n import VOCABULARY, t
from bot.replies import Answer, MythList, ProfileView, Reply
from bot.text import Language

CommandName = Literal[
    "myth",
    "myths",
    "forget yes",
    "profile set",
    "profile reset",
    "reminders add",
    "reminders list",
    "reminders pause",
    "reminders resume",
    "reminders remove",
]


@dataclass(frozen=True)
class Command:
    """One command the reader could send: the core's name for it and its arguments in order.
    A value of None is a placeholder the reader fills in ("field=value", "<id>"); `keyed`
    commands take name=value pairs (`profile set goal=leads`)."""

    name: CommandName
    arguments: tuple[tuple[str, str | None], ...] = ()
    keyed: bool = False


class CommandSyntax(Protocol):
    """How one platform writes a command, and any sentence it words in full itself."""

    def command(self, command: Command, language: Language) -> str: ...

    def sentence(self, key: str, language: Language) -> str | None: ...


class TypedCommands:
    """The text commands as typed at the console (and read by `bot.commands`), in the reader's
    language: `myth 4`, `الملف تعيين الحقل=القيمة`."""

    def command(self, command: Command, language: Language) -> str:
        parts = [VOCABULARY.format(f"typed.{command.name.replace(' ', '_')}", language)]
        for name, value in command.arguments:
            if value is None:
                parts.append(VOCABULARY.format(f"typed.placeholder.{name}", language))
            else:
                parts.append(f"{name}={value}" if command.keyed else value)
        return " ".join(parts)

    def sentence(self, key: str, language: Language) -> str | None:
        return None


TYPED = TypedCommands()


class Hint(str):
    """A sentence that names commands: a string in the typed syntax, and the key, values and
    commands to write it again in another (`written`)."""

    key: str
    language: Language
    commands: Mapping[str, Command]
    values: Mapping[str, object]

    def __new__(
        cls,
        key: str,
        language: Language,
        commands: Mapping[str, Command] | None = None,
        **values: object,
    ) -> Hint:
        commands = dict(commands or {})
        hint = super().__new__(cls, _write(key, language, commands, values, TYPED))
        hint.key, hint.language, hint.commands, hint.values = key, language, commands, values
        return hint

    def written(self, syntax: CommandSyntax) -> str:
        return _write(self.key, self.language, self.commands, self.values, syntax)


def _write(
    key: str,
    language: Language,
    commands: Mapping[str, Command],
    values: Mapping[str, object],
    syntax: CommandSyntax,
) -> str:
    own = syntax.sentence(key, language)
    if own is not None:
        return own
    named = {name: syntax.command(command, language) for name, command in commands.items()}
    return t(key, language, **values, **named)


def written(text: str, syntax: CommandSyntax) -> str:
    """Any line of a reply in `syntax`: hints are written again, other text stays as it is."""
    return text.written(syntax) if isinstance(text, Hint) else text


def in_syntax(reply: Reply, syntax: CommandSyntax) -> Reply:
    """`reply` with every hint in it written in `syntax`; what users typed and the answers'
    own text are never touched (only `Hint`s change)."""
    if isinstance(reply, Answer):
        hint = reply.profile_hint
        return replace(reply, profile_hint=written(hint, syntax)) if hint else reply
    if isinstance(reply, MythList | ProfileView):
        return replace(reply, footer=written(reply.footer, syntax))
    return replace(reply, lines=[written(line, syntax) for line in reply.lines])
