from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.errors import KnowledgeError
from bot.knowledge import CORE_IDS, DEFAULT_KNOWLEDGE_DIR, KnowledgeBase, load_knowledge
from bot.matcher import Matcher
from bot.model import training_set
from bot.settings import CoreSettings


def test_the_seven_claims_and_the_rule_are_there_in_both_languages(
    knowledge: KnowledgeBase,
) -> None:
    assert set(CORE_IDS) <= set(knowledge.entries)
    for entry_id in CORE_IDS:
        entry = knowledge.entries[entry_id]
        for language in ("en", "ar"):
            text = entry.text(language)
            assert 3 <= len(text.actions) <= 5
            assert len(text.examples) >= 40
    numbers = [e.number for e in knowledge.ordered()[:7]]
    assert numbers == [1, 2, 3, 4, 5, 6, 7]
    assert knowledge.ordered()[7].id == "value"


def test_arabic_text_is_arabic(knowledge: KnowledgeBase) -> None:
    for entry in knowledge.entries.values():
        assert any("\u0600" <= ch <= "\u06ff" for ch in entry.ar.short_answer)


def _copy_knowledge(tmp_path: Path) -> Path:
    target = tmp_path / "knowledge"
    shutil.copytree(DEFAULT_KNOWLEDGE_DIR, target)
    return target


def test_a_bad_file_names_the_file_and_the_field(tmp_path: Path) -> None:
    target = _copy_knowledge(tmp_path)
    path = target / "entries" / "4.toml"
    path.write_text(
        path.read_text(encoding="utf-8").replace('rating = "partly_true"', 'rating = "maybe"'),
        encoding="utf-8",
    )
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(target)
    message = str(caught.value)
    assert "4.toml" in message
    assert "rating" in message


def test_a_broken_toml_file_is_reported_with_its_path(tmp_path: Path) -> None:
    target = _copy_knowledge(tmp_path)
    (target / "entries" / "5.toml").write_text("id = \n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"5\.toml: not valid TOML"):
        load_knowledge(target)


def test_team_entries_load_from_an_extra_directory_and_ids_stay_unique(tmp_path: Path) -> None:
    extra = tmp_path / "ours"
    extra.mkdir()
    source = (DEFAULT_KNOWLEDGE_DIR / "entries" / "3.toml").read_text(encoding="utf-8")
    custom = source.replace('id = "3"', 'id = "newsletter"').replace("number = 3\n", "")
    (extra / "newsletter.toml").write_text(custom, encoding="utf-8")
    loaded = load_knowledge(DEFAULT_KNOWLEDGE_DIR, extra)
    assert "newsletter" in loaded.entries

    (extra / "clash.toml").write_text(source, encoding="utf-8")
    with pytest.raises(KnowledgeError, match="already used"):
        load_knowledge(DEFAULT_KNOWLEDGE_DIR, extra)


def test_a_knowledge_change_retrains_and_drops_the_old_model(
    tmp_path: Path, matcher: Matcher
) -> None:
    target = _copy_knowledge(tmp_path)
    cache = tmp_path / "cache"
    cache.mkdir()
    # Start from the suite's trained model (same knowledge, so the same fingerprint).
    name = f"matcher-{training_set(load_knowledge(target)).fingerprint()}.bin"
    shutil.copy(CoreSettings().cache_dir / name, cache / name)
    [first] = cache.glob("matcher-*.bin")
    path = target / "entries" / "4.toml"
    text = path.read_text(encoding="utf-8").replace(
        "examples = [", 'examples = [\n  "is a tiny but loyal audience enough for a florist",', 1
    )
    path.write_text(text, encoding="utf-8")
    retrained = Matcher(load_knowledge(target), cache_dir=cache)
    [second] = cache.glob("matcher-*.bin")
    assert second != first
    assert retrained.match("do I need lots of followers?").entry_id == "4"


def test_a_pointer_to_an_unknown_entry_is_reported(tmp_path: Path) -> None:
    target = _copy_knowledge(tmp_path)
    path = target / "offtopic.toml"
    text = path.read_text(encoding="utf-8").replace(
        '[en.nearby_pointers]\n"value" =', '[en.nearby_pointers]\n"valeu" ='
    )
    path.write_text(text, encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"offtopic\.toml: field 'en\.nearby_pointers'.*valeu"):
        load_knowledge(target)
