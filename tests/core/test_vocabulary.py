"""One vocabulary per language: every catalog complete in both, every key used, and no
user-visible sentence left outside a catalog.

What the checks cover, and what they leave to review:
- Catalogs: `bot/vocabulary/` and every `adapters/<name>/vocabulary/`. Each has the same keys in
  `en.toml` and `ar.toml`, the same {placeholders} (and count nouns) in both, lists of the same
  length, and no key that no code names (a literal key, or an f-string prefix such as
  `f"label.{value}"`, which counts for every key under it).
- Code: every literal key passed to `t`, `say`, `phrase` or `phrases` exists.
- Stray Arabic: no string literal in `bot/` or `adapters/` holds an Arabic word outside the
  catalogs, except words people type (recognised, never shown: set members, dict keys, regular
  expressions, the spelling tables in `_RECOGNITION`), the number-agreement tables of
  `bot/plurals.py`, and particles of one or two letters (the و of a list, the article ال).
- Stray English: no literal that reads as a sentence (a capital, three words or more, a full
  stop, question mark or colon at the end) in the code that talks to chat users. Docstrings,
  log calls and slash-command registration metadata (`description=`, `describe(…)`: the
  descriptions Discord lists, in English only) are skipped; operator-facing
  modules (the command line, doctor, settings, metrics, start-up errors) are out of scope:
  they speak English to whoever runs the bot. An English phrase without end punctuation
  (a button label) is not caught here; review and the conversation tests catch those.
"""

from __future__ import annotations

import ast
import re
import string
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.i18n import LANGUAGES, VOCABULARY, Catalog

from .visible_strings import ROOT, catalog_folders

_ARABIC_LETTER = re.compile(r"[\u0621-\u064a]")
_SENTENCE = re.compile(r"^[A-Z][a-z'’-]*(?: \S+){2,}.*[.!?:]$", re.DOTALL)
_KEY_HEAD = re.compile(r"[a-z_]+\.[a-z0-9_.]*")
_KEY_FUNCTIONS = {"t", "say", "phrase", "phrases"}
_LOG_METHODS = {"debug", "info", "warning", "error", "exception", "critical"}

# Modules whose Arabic is there to be recognised in what people type, never shown.
_RECOGNITION = {
    "bot/arabizi.py",  # Arabic written in Latin letters
    "bot/dialects.py",  # dialect spellings folded to standard Arabic
    "bot/features.py",  # stop words
    "bot/text.py",  # letter folding
    "bot/plurals.py",  # number agreement: the noun forms count_of chooses from
}
# Modules that speak to whoever runs the bot (a terminal, logs, /metrics), in English.
_OPERATOR_MODULES = {
    "bot/cli.py",
    "bot/discovery.py",
    "bot/doctor.py",
    "bot/insights/cli.py",
    "bot/metrics.py",
    "bot/model.py",
    "bot/runner.py",
    "bot/settings.py",
    "adapters/discord/cli.py",
    "adapters/discord/runtime.py",
}
# Errors in English only so far: they reach the asker as they are.
_ENGLISH_ONLY = {
    "The profile is not valid: {}.",
    "The profile is not valid: ",
}


def _sources(under: Path) -> list[Path]:
    return sorted(under.rglob("*.py"))


def _relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _fields(text: str) -> list[tuple[str, str]]:
    """{name:noun:case} fields as (name, noun): the case may differ between languages."""
    return sorted(
        (name, (spec or "").partition(":")[0])
        for _, name, spec, _ in string.Formatter().parse(text)
        if name is not None
    )


@pytest.mark.parametrize("folder", catalog_folders(), ids=lambda folder: _relative(folder))
def test_every_key_is_in_english_and_arabic_with_the_same_placeholders(folder: Path) -> None:
    catalog = Catalog.load(folder)
    assert catalog.keys("en") == catalog.keys("ar"), catalog.keys("en") ^ catalog.keys("ar")
    for key in catalog:
        english, arabic = catalog.phrases(key, "en"), catalog.phrases(key, "ar")
        assert len(english) == len(arabic), key
        for one, other in zip(english, arabic, strict=True):
            assert _fields(one) == _fields(other), key


def _literals(paths: list[Path]) -> tuple[set[str], set[str]]:
    """String constants in `paths`, and the constant heads of f-strings ("label.")."""
    constants: set[str] = set()
    families: set[str] = set()
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                constants.add(node.value)
                if node.value.endswith("."):  # a prefix put together with a name in code
                    families.add(node.value)
            elif isinstance(node, ast.JoinedStr) and node.values:
                head = node.values[0]
                if isinstance(head, ast.Constant) and isinstance(head.value, str):
                    families.add(head.value)
    return constants, families


@pytest.mark.parametrize("folder", catalog_folders(), ids=lambda folder: _relative(folder))
def test_every_key_is_used_somewhere(folder: Path) -> None:
    catalog = Catalog.load(folder)
    # The core's words are used by the core and the adapters; an adapter's by itself.
    code = ROOT / "bot" if folder.parent.name == "bot" else folder.parent
    paths = _sources(code) + (_sources(ROOT / "adapters") if code.name == "bot" else [])
    constants, families = _literals(paths)
    # f"label.{value}", f"knowledge.form.action{n}": every key under the head is named.
    prefixes = tuple(head for head in families if _KEY_HEAD.fullmatch(head))
    unused = sorted(key for key in catalog if key not in constants and not key.startswith(prefixes))
    assert unused == [], f"keys no code names in {_relative(folder)}: {unused}"


def _key_calls(tree: ast.AST) -> Iterator[ast.Call]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and node.args:
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if name in _KEY_FUNCTIONS:
                yield node


def test_every_key_the_code_names_exists() -> None:
    known: set[str] = set()
    for folder in catalog_folders():
        known |= Catalog.load(folder).keys()
    missing = []
    for path in _sources(ROOT / "bot") + _sources(ROOT / "adapters"):
        for call in _key_calls(ast.parse(path.read_text(encoding="utf-8"))):
            first = call.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                if "." in first.value and first.value not in known:
                    missing.append(f"{_relative(path)}:{call.lineno}: {first.value}")
            elif isinstance(first, ast.JoinedStr) and isinstance(first.values[0], ast.Constant):
                head = str(first.values[0].value)
                if not any(key.startswith(head) for key in known):
                    missing.append(f"{_relative(path)}:{call.lineno}: {head}…")
    assert missing == [], "\n".join(missing)


def _skipped(tree: ast.AST) -> set[int]:
    """Nodes that are not shown to anyone: docstrings, log calls, registration metadata, and
    words to recognise (set members, dict keys, regular expressions)."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                skipped.add(id(first.value))
        elif isinstance(node, ast.Set):
            skipped |= {id(item) for item in node.elts}
        elif isinstance(node, ast.Dict):
            skipped |= {id(key) for key in node.keys if key is not None}
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            owner = getattr(func, "value", None)
            if name in _LOG_METHODS or (isinstance(owner, ast.Name) and owner.id == "re"):
                skipped |= {id(inner) for inner in ast.walk(node)}
            for keyword in node.keywords:
                # Slash-command and option descriptions: what Discord lists, in English.
                if keyword.arg == "description" or name == "describe":
                    skipped |= {id(inner) for inner in ast.walk(keyword.value)}
    return skipped


def _shown_strings(path: Path) -> Iterator[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = _skipped(tree)
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.lineno, node.value
        elif isinstance(node, ast.JoinedStr):
            parts = [
                str(part.value) if isinstance(part, ast.Constant) else "{}" for part in node.values
            ]
            yield node.lineno, "".join(parts)


def _code_files() -> list[Path]:
    return [path for path in _sources(ROOT / "bot") + _sources(ROOT / "adapters")]


def test_no_arabic_sentence_lives_outside_the_catalogs() -> None:
    stray = [
        f"{_relative(path)}:{line}: {text[:60]}"
        for path in _code_files()
        if _relative(path) not in _RECOGNITION
        for line, text in _shown_strings(path)
        if len(_ARABIC_LETTER.findall(text)) > 2
    ]
    assert stray == [], "\n".join(stray)


def test_no_english_sentence_for_chat_users_lives_outside_the_catalogs() -> None:
    stray = [
        f"{_relative(path)}:{line}: {text[:60]}"
        for path in _code_files()
        if _relative(path) not in _OPERATOR_MODULES
        for line, text in _shown_strings(path)
        if _SENTENCE.match(text.strip()) and text not in _ENGLISH_ONLY
    ]
    assert stray == [], "\n".join(stray)


def test_the_core_vocabulary_is_the_one_the_code_reads() -> None:
    # The loader reads the same files the checks above read, with lists kept in order.
    assert VOCABULARY.keys() == Catalog.load(ROOT / "bot" / "vocabulary").keys()
    assert VOCABULARY.phrases("reminders.weekdays", "en")[0] == "Monday"
    assert all(VOCABULARY.keys(language) for language in LANGUAGES)
