"""The core's functions stay short enough to read at once: at most 40 lines of code each.

Lines of code, not statements: ruff's too-many-statements counts a 60-line call with twenty
keyword arguments as one statement, and what a reader has to hold is lines. Docstrings,
comments and blank lines are not counted, so explaining a function never pushes it over.
Complexity (branches) is ruff's C901, at most 10 in bot/ (pyproject.toml).
"""

from __future__ import annotations

import ast
from pathlib import Path

LIMIT = 40
CORE = Path(__file__).resolve().parents[2] / "bot"


def code_lines(function: ast.FunctionDef | ast.AsyncFunctionDef, source: list[str]) -> int:
    """Lines of `function` holding code: its docstring, comments and blank lines left out."""
    docstring: set[int] = set()
    first = function.body[0]
    if (
        isinstance(first, ast.Expr)
        and isinstance(first.value, ast.Constant)
        and isinstance(first.value.value, str)
    ):
        docstring = set(range(first.lineno, (first.end_lineno or first.lineno) + 1))
    end = function.end_lineno or function.lineno
    return sum(
        1
        for number in range(function.lineno, end + 1)
        if number not in docstring
        and (line := source[number - 1].strip())
        and not line.startswith("#")
    )


def core_function_sizes() -> dict[tuple[str, str], int]:
    sizes: dict[tuple[str, str], int] = {}
    for path in sorted(CORE.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        source = text.splitlines()
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                key = (path.relative_to(CORE).as_posix(), node.name)
                sizes[key] = max(sizes.get(key, 0), code_lines(node, source))
    return sizes


def test_no_function_in_the_core_is_longer_than_forty_lines() -> None:
    too_long = {
        f"bot/{path}: {name} ({size} lines)"
        for (path, name), size in core_function_sizes().items()
        if size > LIMIT
    }

    assert not too_long, (
        f"split these into named steps of at most {LIMIT} lines of code: {sorted(too_long)}"
    )


def test_the_count_leaves_out_docstrings_comments_and_blank_lines() -> None:
    text = '''
def explained(x):
    """A docstring
    over three lines.
    """
    # A comment.

    y = x + 1
    return y
'''
    [function] = ast.parse(text).body
    assert isinstance(function, ast.FunctionDef)

    assert code_lines(function, text.splitlines()) == 3
