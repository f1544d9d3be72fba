"""Each site language is split, normalized and stemmed the same way at build time and in the browser:
queries typed in the browser (engine.js over the vendored stemmers) find what Python indexed."""
from __future__ import annotations

import pytest

from kbgen.search.entries import count_terms
from kbgen.search.stemming import LANGUAGES, stemmer_assets
from kbgen.search.tokenizer import Tokenizer
from tests.search.lunr_reference import compact_index
from tests.search.nodejs import ASSETS, run_node


def search(language: str, docs: list[str], queries: list[str], typing: bool = False) -> dict[str, list[int]]:
    """Which docs (by number) the browser's engine finds for each query, over a Python-built index."""
    tokenize = Tokenizer(language)
    counts = [[count_terms(tokenize(text)), {}, {}, {}, {}, {}] for text in docs]
    compact = compact_index(counts, ("title",), language)
    found = run_node("compact_queries.js", ASSETS, payload={"compact": compact, "queries": [{"q": q, "typing": typing} for q in queries]})
    return dict(zip(queries, found))


def test_spanish_inflections_and_stop_words_meet():
    docs = ["Facturas pendientes", "El reembolso de un pago", "Cómo añadir el IVA"]
    found = search("es", docs, ["factura", "los reembolsos", "pagos", "reembolsar", "como añado el iva", "de"])
    assert found == {"factura": [0], "los reembolsos": [1], "pagos": [1], "reembolsar": [1], "como añado el iva": [2], "de": []}


def test_arabic_forms_meet_after_normalization():
    docs = ["تعارض في الحساب", "بطاقة الائتمان", "البطاقة المصرفية", "تحويل بنكي", "مُعْلُومَاتُ الـفـاتـورة"]
    found = search("ar", docs, ["التعارض", "البطاقات", "بطاقات", "بالبطاقة", "التحويل البنكي", "معلومات", "فاتوره", "الحسابات"])
    assert found == {"التعارض": [0], "البطاقات": [1, 2], "بطاقات": [1, 2], "بالبطاقة": [1, 2], "التحويل البنكي": [3],
                     "معلومات": [4], "فاتوره": [4], "الحسابات": [0]}


def test_romanian_comma_and_cedilla_letters_meet():
    found = search("ro", ["Plățile și facturile", "Plăţile şi facturile vechi"], ["plăţi", "plăți", "factura", "și"])
    assert found == {"plăţi": [0, 1], "plăți": [0, 1], "factura": [0, 1], "și": []}


@pytest.mark.parametrize("typing", [False, True])
def test_one_chinese_character_finds_every_word_holding_it(typing):
    docs = ["如何申请退款", "退货政策", "账户设置", "申请退"]
    found = search("zh", docs, ["退", "款", "退款", "申请退款"], typing=typing)
    assert found == {"退": [0, 1, 3], "款": [0], "退款": [0], "申请退款": [0]}


def test_languages_without_snowball_keep_their_words():
    found = search("pl", ["Zwroty płatności", "Zwrot"], ["zwroty", "ZWROT", "płatność"])
    assert found == {"zwroty": [0], "ZWROT": [1], "płatność": []}


def test_stemmer_assets_name_files_of_the_theme_in_load_order():
    assert stemmer_assets("en") == stemmer_assets("en-GB") == stemmer_assets("zh-Hant") == stemmer_assets("pl") == ()
    assert stemmer_assets("pt-BR") == ("vendor/snowball/base-stemmer.js", "vendor/snowball/portuguese-stemmer.js",
                                       "vendor/snowball/stopwords.js")
    assert stemmer_assets("nb") == stemmer_assets("nn") == stemmer_assets("NO")
    for code in LANGUAGES:
        for name in stemmer_assets(code):
            assert (ASSETS / name).is_file(), name
