"""How well a team's own entries are matched, in both languages, and what they take from others.

    python -m bench.eval_teamkb [-v]

A workspace imports tests/data/team/team_eval.toml (two entries in both languages, one in
Arabic only); tests/data/team/heldout_team.jsonl holds questions none of those entries was
trained on: questions each team entry should answer (English, MSA, four dialects, Arabizi),
questions a built-in entry should still answer in that workspace, and questions it should
still decline. Printed per group: the share matched as labelled and the median probability the
team's model gave its own questions. Then the built-in held-out sets (tests/data/*.jsonl) are
asked in the same workspace: the share of decisions the team's entries left unchanged (a
change there is a built-in question taken by a team entry).

`-v` lists the misses of the team's set (never of the built-in sets: some are kept blind).
"""

from __future__ import annotations

import statistics
import sys
import tomllib
from collections import defaultdict
from pathlib import Path

from bench.eval_matcher import Tally, load_rows
from bot.app import build_matcher
from bot.matcher import Matcher
from bot.teamkb import TeamModel, TeamTrainer, overlay, parse_team_entries

ROOT = Path(__file__).resolve().parent.parent
TEAM_DIR = ROOT / "tests" / "data" / "team"
TEAM_FILE = TEAM_DIR / "team_eval.toml"
TEAM_ROWS = TEAM_DIR / "heldout_team.jsonl"
BUILT_IN_SETS = sorted((ROOT / "tests" / "data").glob("heldout*.jsonl"))


def decide(matcher: Matcher, trainer: TeamTrainer, team: TeamModel, question: str) -> str | None:
    """The entry id the workspace answers with, or None for a decline (or greeting/help)."""
    return overlay(matcher.match(question), team, trainer.counts(question)).entry_id


def group_of(row: dict[str, object], team_ids: set[str]) -> str:
    style = str(row.get("style") or row["lang"])
    if row["id"] in team_ids:
        return f"team     {style}"
    if row["id"] is not None:
        return f"built-in {style}"
    return f"declined {style} {row['lang']}"


def evaluate(
    matcher: Matcher, trainer: TeamTrainer, team: TeamModel, rows: list[dict[str, object]]
) -> tuple[dict[str, Tally], dict[str, list[float]]]:
    groups: dict[str, Tally] = defaultdict(Tally)
    scores: dict[str, list[float]] = defaultdict(list)
    team_ids = set(team.labels)
    for row in rows:
        question, expected = str(row["q"]), row["id"]
        got = decide(matcher, trainer, team, question)
        group = group_of(row, team_ids)
        groups[group].count(got == expected, f"{question!r}: expected {expected}, got {got}")
        if expected in team_ids:
            probability = team.probabilities(trainer.counts(question)).get(str(expected), 0.0)
            scores[str(row["lang"])].append(probability)
    return groups, scores


def unchanged(
    matcher: Matcher, trainer: TeamTrainer, team: TeamModel, rows: list[dict[str, object]]
) -> Tally:
    tally = Tally()
    for row in rows:
        question = str(row["q"])
        alone = matcher.match(question).entry_id
        together = decide(matcher, trainer, team, question)
        tally.count(alone == together, f"{question!r}: {alone} -> {together}")
    return tally


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    knowledge, matcher = build_matcher()
    trainer = TeamTrainer(knowledge, matcher.extractor, matcher.model)
    with TEAM_FILE.open("rb") as handle:
        entries = parse_team_entries(tomllib.load(handle), TEAM_FILE.name)
    team = trainer.train(entries)
    if team is None:
        raise SystemExit("no team entries")
    groups, scores = evaluate(matcher, trainer, team, load_rows(TEAM_ROWS))
    print(f"{TEAM_ROWS.name}:")
    for group, tally in sorted(groups.items()):
        print(f"  {group:30} {tally.share:6.1%}  ({tally.right}/{tally.total})")
        if verbose:
            for miss in tally.misses:
                print("     ", miss)
    for language, values in sorted(scores.items()):
        median, lowest = statistics.median(values), min(values)
        print(
            f"  team's questions, {language}: median probability {median:.2f}, lowest {lowest:.2f}"
        )
    for path in BUILT_IN_SETS:
        tally = unchanged(matcher, trainer, team, load_rows(path))
        # Totals only: some of these sets are kept blind (tests/data/README.md).
        share = f"{tally.share:6.1%} ({tally.right}/{tally.total})"
        print(f"{path.name}: built-in decisions unchanged {share}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
