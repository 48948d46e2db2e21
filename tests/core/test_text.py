from __future__ import annotations

from bot.text import clean, detect_language, fold_arabic, prepare, tokens, truncate


def test_arabic_marks_and_letter_forms_fold_to_one_spelling() -> None:
    plain = [fold_arabic(w) for w in tokens(prepare("هل أحتاج إلى الكثير من المتابعين"))]
    marked = [fold_arabic(w) for w in tokens(prepare("هَلْ أَحْتَاجُ إِلَى الكَثِيــــرِ مِنَ المُتَابِعِينَ"))]
    assert plain == marked


def test_arabic_digits_and_punctuation_become_ascii() -> None:
    assert prepare("عندي ١٠٠٠٠ متابع، هل يكفي؟") == "عندي 10000 متابع, هل يكفي?"


def test_invisible_and_control_characters_are_removed() -> None:
    assert clean("\u200fhello\u200b \x00world\u202e") == "hello world"


def test_mixed_script_question_counts_as_arabic() -> None:
    assert detect_language("هل لازم أكون على Facebook؟") == "ar"
    assert detect_language("Should we be on Facebook?") == "en"
    assert detect_language("🙂🙂") == "en"


def test_english_contractions_and_case_are_folded() -> None:
    assert tokens(prepare("DON'T we Need It?")) == ["dont", "we", "need", "it"]


def test_truncate_cuts_at_a_word_and_marks_the_cut() -> None:
    text = "word " * 100
    cut = truncate(text, 50)
    assert len(cut) <= 50
    assert cut.endswith("…")
    assert "wor…" not in cut
