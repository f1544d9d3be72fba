"""The tokenizer contract: Python and the browser split and stem identically (docs/search.md)."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kbgen.search.porter import stem
from kbgen.search.tokenizer import Tokenizer, utf16_sort_key, words
from tests.conftest import REPO
from tests.search.nodejs import ASSETS, run_node

VECTORS = REPO / "tests" / "fixtures" / "tokenizer_vectors.json"


@pytest.mark.parametrize("vector", json.loads(VECTORS.read_text(encoding="utf-8")), ids=lambda v: v["text"][:30])
def test_python_matches_the_shared_vectors(vector):
    assert Tokenizer(vector["language"])(vector["text"]) == vector["tokens"]


def test_javascript_matches_the_shared_vectors():
    import subprocess
    result = subprocess.run(["node", str(REPO / "tests/js/tokenizer_vectors.js"), str(ASSETS), str(VECTORS)],
                            capture_output=True, text=True, check=True)
    assert json.loads(result.stdout) == []


def test_vectors_cover_the_scripts_and_traps_the_contract_names():
    texts = " ".join(v["text"] for v in json.loads(VECTORS.read_text(encoding="utf-8")))
    for needle in ("kubectl", "Café", "ا", "Оплата", "退款", "インボイス", "환불", "🎉", "𐌰", "ＦＵＬＬ", "What's",
                   "التعارض", "البطاقات", "هٰذا", "مـعـلـومـات", "şi", "și", "İptal", "𐌰ciones"):
        assert needle in texts
    languages = {v["language"].split("-")[0] for v in json.loads(VECTORS.read_text(encoding="utf-8"))}
    from kbgen.search.stemming import LANGUAGES
    assert set(LANGUAGES) - languages == set(), "every Snowball language has a vector"
    assert {"en", "zh", "ja", "ko", "pl", "he"} <= languages


def test_porter_stemmer_matches_lunr_js_on_the_whole_sample_vocabulary():
    vocabulary = set()
    for path in (REPO / "content").rglob("*.md"):
        vocabulary.update(words(path.read_text(encoding="utf-8")))
    vocabulary.update(["sky", "cry", "by", "say", "day", "money", "enjoying", "yelling", "agreed", "hopping", "filing",
                       "generalization", "oscillators", "relational", "conditional", "sensibiliti", "triplicate",
                       "hopefulness", "electrical", "adoption", "controll", "roll", "yyy", "yes", "𐌰s", "𐌰𐌰ing"])
    ordered = sorted(vocabulary)
    assert len(ordered) > 1500
    from_js = run_node("stem_words.js", ASSETS, payload=ordered)
    mismatches = [(w, stem(w), js) for w, js in zip(ordered, from_js) if stem(w) != js]
    assert mismatches == []


def test_lunr_py_stemmer_is_not_lunr_js_stemmer():
    """Why kbgen has its own Porter stemmer: lunr.py's step 1c differs from lunr.js."""
    from lunr.stemmer import stemmer
    from lunr.token import Token

    assert str(stemmer(Token("money"))) == "monei"
    assert stem("money") == "money"
    assert run_node("stem_words.js", ASSETS, payload=["money"]) == ["money"]


def test_unicode_letters_survive_where_lunr_js_default_trimmer_strips_them():
    assert Tokenizer("en")("kubectl café") == ["kubectl", "café"]
    assert words("Оплата картой") == ["оплата", "картой"]
    assert words("الفواتير") == ["الفواتير"]
    assert Tokenizer("ru")("Оплата картой") == ["оплат", "карт"]


def test_tokens_never_carry_punctuation():
    tokens = Tokenizer("en")("refund. (hello) “quoted” ¿qué? e-mail: a@b.c, 50%! #tag")
    assert tokens and all(re.fullmatch(r"\w+", t) for t in tokens), tokens


def test_each_language_its_own_stop_words_and_stemmer():
    assert Tokenizer("en-GB")("the refunds") == ["refund"]  # lunr's list and Porter, as before
    assert Tokenizer("es")("los reembolsos") == ["reembols"]  # Snowball's list and stemmer
    assert Tokenizer("pt-BR")("os reembolsos") == ["reembols"]
    assert Tokenizer("pl")("Zwroty płatności") == ["zwroty", "płatności"]  # no Snowball algorithm: words kept
    assert Tokenizer("he")("החזרים") == ["החזרים"]


def test_cjk_runs_become_characters_and_bigrams():
    assert Tokenizer("zh")("退款申请") == ["退", "退款", "款", "款申", "申", "申请", "请"]
    assert Tokenizer("zh")("退") == ["退"]
    assert Tokenizer("es")("申请 facturas") == ["申", "申请", "请", "factur"]  # CJK inside a stemmed language: never stemmed


def test_english_tokens_unchanged_outside_cjk():
    """The sample site's English terms are exactly the old contract's: lunr's stop words, then Porter."""
    from kbgen.search.tokenizer import STOP_WORDS
    for path in sorted((REPO / "content").rglob("*.md"))[:40]:
        text = path.read_text(encoding="utf-8")
        assert Tokenizer("en")(text) == [stem(w) for w in words(text) if w not in STOP_WORDS]


def test_utf16_order_differs_from_code_point_order_outside_the_bmp():
    bmp_high, astral = "\uff41", "\U00010330"
    assert sorted([bmp_high, astral]) == [bmp_high, astral]  # Python: by code point
    assert sorted([bmp_high, astral], key=utf16_sort_key) == [astral, bmp_high]  # JavaScript: by UTF-16 unit


def test_python_word_class_is_exactly_letters_marks_and_digits():
    """JavaScript uses [\\p{L}\\p{M}\\p{N}]; Python's pattern is \\w plus marks, with "_" as a separator."""
    import unicodedata

    from kbgen.search.tokenizer import _word_pattern

    pattern = _word_pattern()
    wrong = [hex(c) for c in list(range(0x40000)) + list(range(0xE0000, 0xE01F0))
             if (unicodedata.category(chr(c))[0] in "LMN") != (bool(pattern.fullmatch(chr(c))) and chr(c) != "_")]
    assert wrong == []
    assert words("snake_case") == ["snake", "case"]
