"""Accuracy of the matcher on labelled question sets (dev-questions format).

    python -m bench.eval_matcher [-v] [FILE.jsonl ...]

Defaults to the shared development set (when present) and our held-out sets in tests/data/.
Rows may carry a `style`: in-scope rows are reported per style (`en`, `ar` for MSA, `arabizi`,
`darija`, `gulf`, `levantine`, `egyptian`; rows without one count under their language),
out-of-scope rows as `near_domain` (marketing questions no entry answers) or general
off-topic, per language. Also printed: how often an Arabic question (Arabizi included) is
answered in Arabic, how many declined near-domain questions get a "this may help" pointer, and
the median time per question.

`-v` lists the misses. Don't use it on a set kept untouched (tests/data/README.md says which):
reading its misses is how a blind set stops being blind.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from bot.app import build_matcher
from bot.matcher import Matcher

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SETS = [
    ROOT.parent / "shared" / "eval" / "dev-questions.jsonl",
    *sorted((ROOT / "tests" / "data").glob("*.jsonl")),
]
_IN_SCOPE_STYLES = ("en", "ar", "arabizi", "darija", "gulf", "levantine", "egyptian")


@dataclass
class Tally:
    right: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def share(self) -> float:
        return self.right / self.total if self.total else 1.0

    def count(self, ok: bool, miss: str) -> None:
        self.total += 1
        if ok:
            self.right += 1
        else:
            self.misses.append(miss)


@dataclass
class Report:
    groups: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    arabic_answered_in_arabic: Tally = field(default_factory=Tally)
    near_domain_pointers: Tally = field(default_factory=Tally)
    seconds: list[float] = field(default_factory=list)


def load_rows(path: Path) -> list[dict[str, object]]:
    return [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


def group_of(row: dict[str, object]) -> str:
    """The line a row is reported under, e.g. "in  arabizi" or "oos near_domain ar"."""
    lang, style = str(row["lang"]), str(row.get("style") or "")
    if row["cat"] == "in":
        return f"in  {style if style in _IN_SCOPE_STYLES else lang}"
    kind = "near_domain" if style == "near_domain" else "off_topic"
    return f"oos {kind} {lang}"


def evaluate(matcher: Matcher, rows: Iterable[dict[str, object]]) -> Report:
    report = Report()
    for row in rows:
        question = str(row["q"])
        expected = row["id"]
        started = time.perf_counter()
        result = matcher.match(question)
        report.seconds.append(time.perf_counter() - started)
        miss = f"{question!r}: expected {expected}, got {result.entry_id or result.intent}"
        report.groups[group_of(row)].count(result.entry_id == expected, miss)
        if row["lang"] == "ar" and result.intent == "entry":
            report.arabic_answered_in_arabic.count(result.language == "ar", question)
        if row.get("style") == "near_domain" and result.entry_id is None:
            report.near_domain_pointers.count(bool(result.may_help), question)
    return report


def _print(report: Report, *, verbose: bool) -> None:
    for group, tally in sorted(report.groups.items()):
        what = "top-1" if group.startswith("in") else "declined"
        print(f"  {group:24} {what:8} {tally.share:6.1%}  ({tally.right}/{tally.total})")
        if verbose:
            for miss in tally.misses:
                print("     ", miss)
    for label, tally in [
        ("Arabic answered in Arabic", report.arabic_answered_in_arabic),
        ("near-domain with a pointer", report.near_domain_pointers),
    ]:
        if tally.total:
            print(f"  {label:33} {tally.share:6.1%}  ({tally.right}/{tally.total})")
    if report.seconds:
        median = statistics.median(report.seconds) * 1000
        print(f"  {'median time per question':33} {median:6.3f} ms")


def main(argv: list[str]) -> int:
    paths = [Path(arg) for arg in argv if not arg.startswith("-")] or [
        p for p in DEFAULT_SETS if p.exists()
    ]
    _, matcher = build_matcher()
    for question in ("warm up", "تسخين"):
        matcher.match(question)
    verbose = "-v" in argv
    for path in paths:
        if not path.exists():
            continue
        print(f"{path.name}:")
        _print(evaluate(matcher, load_rows(path)), verbose=verbose)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
