"""Accuracy of the matcher on labelled question sets (dev-questions format).

    python -m bench.eval_matcher [FILE.jsonl ...]

Defaults to the shared development set (when present) and our blind held-out sets in
tests/data/. Prints top-1 accuracy on in-scope questions and the share of off-topic questions
declined, per language.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from bot.app import build_matcher
from bot.matcher import Matcher

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SETS = [
    ROOT.parent / "shared" / "eval" / "dev-questions.jsonl",
    *sorted((ROOT / "tests" / "data").glob("heldout*.jsonl")),
]


@dataclass
class Tally:
    right: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def share(self) -> float:
        return self.right / self.total if self.total else 1.0


def load_rows(path: Path) -> list[dict[str, object]]:
    return [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


def evaluate(matcher: Matcher, rows: Iterable[dict[str, object]]) -> dict[tuple[str, str], Tally]:
    tallies: dict[tuple[str, str], Tally] = defaultdict(Tally)
    for row in rows:
        question = str(row["q"])
        expected = row["id"]
        result = matcher.match(question)
        tally = tallies[(str(row["lang"]), str(row["cat"]))]
        tally.total += 1
        if result.entry_id == expected:
            tally.right += 1
        else:
            tally.misses.append(f"{question!r}: expected {expected}, got {result.entry_id}")
    return tallies


def main(argv: list[str]) -> int:
    paths = [Path(arg) for arg in argv if not arg.startswith("-")] or [
        p for p in DEFAULT_SETS if p.exists()
    ]
    _, matcher = build_matcher()
    verbose = "-v" in argv
    for path in paths:
        if not path.exists():
            continue
        tallies = evaluate(matcher, load_rows(path))
        print(f"{path.name}:")
        for (lang, cat), tally in sorted(tallies.items()):
            what = "top-1 accuracy" if cat == "in" else "declined"
            print(f"  {lang} {cat:3} {what:15} {tally.share:6.1%}  ({tally.right}/{tally.total})")
            if verbose:
                for miss in tally.misses:
                    print("     ", miss)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
