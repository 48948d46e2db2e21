"""A workspace's own entries: matched in that workspace, with a fair chance against built-ins."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from bot.errors import KnowledgeError
from bot.knowledge import KnowledgeBase
from bot.matcher import Matcher
from bot.teamkb import TeamModel, TeamTrainer, check_ids, overlay, parse_team_entries

TEAM_FILE = Path(__file__).resolve().parent.parent / "data" / "team_posting_times.toml"


@pytest.fixture(scope="module")
def trainer(knowledge: KnowledgeBase, matcher: Matcher) -> TeamTrainer:
    return TeamTrainer(knowledge, matcher.extractor, matcher.model)


@pytest.fixture(scope="module")
def team(trainer: TeamTrainer) -> TeamModel:
    with TEAM_FILE.open("rb") as handle:
        entries = parse_team_entries(tomllib.load(handle), TEAM_FILE.name)
    model = trainer.train(entries)
    assert model is not None
    return model


def ask(matcher: Matcher, trainer: TeamTrainer, team: TeamModel | None, question: str) -> str:
    match = overlay(matcher.match(question), team, trainer.counts(question))
    return match.entry_id or match.intent


def test_the_built_in_matcher_alone_declines_posting_times(matcher: Matcher) -> None:
    # What a team's entry is for: without it, the advisor turns this question away.
    assert matcher.match("best time to tweet?").intent == "off_topic"


@pytest.mark.parametrize(
    "question",
    # "when should we post on linkedin" is not here: it shares only words every team and the
    # built-in entries use ("post", "linkedin"), and the rule's entry keeps it (0.49 vs 0.46).
    [
        "best time to tweet?",
        "what time should we post on instagram?",
        "what day is best to publish?",
    ],
)
def test_the_teams_entry_answers_its_questions(
    matcher: Matcher, trainer: TeamTrainer, team: TeamModel, question: str
) -> None:
    assert ask(matcher, trainer, team, question) == "posting-times"


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("do I need lots of followers?", "4"),
        ("is it true that social media changed everything?", "1"),
        ("what should we post about?", "value"),
        ("what's the weather today?", "off_topic"),
        ("tell me a joke", "off_topic"),
        ("how many hashtags should I use?", "off_topic"),
        ("hello!", "greeting"),
    ],
)
def test_built_in_answers_and_declines_stand_in_the_teams_workspace(
    matcher: Matcher, trainer: TeamTrainer, team: TeamModel, question: str, expected: str
) -> None:
    assert ask(matcher, trainer, team, question) == expected


def test_a_workspace_without_entries_gets_the_built_in_answer(
    matcher: Matcher, trainer: TeamTrainer
) -> None:
    assert trainer.train([]) is None
    assert ask(matcher, trainer, None, "best time to tweet?") == "off_topic"


def test_an_entry_in_one_language_answers_in_both(
    trainer: TeamTrainer, knowledge: KnowledgeBase
) -> None:
    with TEAM_FILE.open("rb") as handle:
        data = tomllib.load(handle)
    del data["entry"][0]["ar"]
    [entry] = parse_team_entries(data, "team.toml")
    check_ids([entry], knowledge)
    assert entry.as_entry().ar.title == "When we post"


def test_bad_entries_are_named_with_the_field(knowledge: KnowledgeBase) -> None:
    with pytest.raises(KnowledgeError, match=r"entry 1, field 'en.examples'"):
        parse_team_entries({"entry": [{"id": "x", "en": {"examples": []}}]}, "team.toml")
    with pytest.raises(KnowledgeError, match="English"):
        parse_team_entries({"entry": [{"id": "x"}]}, "team.toml")
    with TEAM_FILE.open("rb") as handle:
        data = tomllib.load(handle)
    data["entry"][0]["id"] = "4"
    with pytest.raises(KnowledgeError, match="built-in"):
        check_ids(parse_team_entries(data, "team.toml"), knowledge)


def test_team_questions_in_arabic_and_dialects_get_a_fair_chance(
    matcher: Matcher, trainer: TeamTrainer
) -> None:
    # bench/eval_teamkb.py's held-out set: before questions were read over the team's own
    # features, 4 of 15 MSA, 0 of 7 Arabizi and 3 of 16 dialect team questions matched.
    from bench.eval_matcher import load_rows
    from bench.eval_teamkb import TEAM_FILE, TEAM_ROWS, decide

    with TEAM_FILE.open("rb") as handle:
        team = trainer.train(parse_team_entries(tomllib.load(handle), TEAM_FILE.name))
    assert team is not None
    right: dict[str, list[bool]] = {}
    for row in load_rows(TEAM_ROWS):
        if row["id"] in team.labels:
            style = "en" if row["lang"] == "en" else "ar" if row["style"] == "ar" else "other"
            got = decide(matcher, trainer, team, str(row["q"]))
            right.setdefault(style, []).append(got == row["id"])
    assert sum(right["ar"]) >= 8  # of 15
    assert sum(right["other"]) >= 10  # of 19 Arabizi and dialect questions
    assert sum(right["en"]) >= 5  # of 10
