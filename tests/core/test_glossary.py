"""One word for one thing: no sentence the advisor says uses a variant the glossary rules out."""

from __future__ import annotations

from bot.glossary import load_glossary, variants_in
from bot.knowledge import KnowledgeBase

from .visible_strings import visible_strings


def test_every_visible_sentence_uses_the_glossary_terms(knowledge: KnowledgeBase) -> None:
    glossary = load_glossary()
    problems = sorted(
        {
            f"{item.where}: '{finding.variant}' -> '{finding.preferred}'"
            for item in visible_strings(knowledge)
            for finding in variants_in(item.text, item.language, glossary)
        }
    )
    assert problems == [], "\n".join(problems)


def test_the_glossary_check_finds_variants_and_leaves_preferred_terms_alone() -> None:
    glossary = load_glossary()
    found = variants_in("تواصل معهم على لينكدإن وأرسل إلى زبائنك", "ar", glossary)
    assert [(f.variant, f.preferred) for f in found] == [
        ("لينكدإن", "لينكد إن"),
        ("زبائن", "العملاء"),
    ]
    assert variants_in("تواصل معهم على لينكد إن وأرسل إلى عملائك", "ar", glossary) == []
    # Diacritics do not hide a variant; English is matched as written, word by word.
    assert [f.variant for f in variants_in("لا بد من البَيْعة", "ar", glossary)] == ["البيعة"]
    assert [f.variant for f in variants_in("Find them on Linkedin.", "en", glossary)] == [
        "Linkedin"
    ]
    assert variants_in("Find them on LinkedIn.", "en", glossary) == []
    # Every term names its preferred form in both languages.
    assert all(term.preferred["en"] and term.preferred["ar"] for term in glossary)
