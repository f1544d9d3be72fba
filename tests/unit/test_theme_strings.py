"""The default theme's words: every strings file has en.yaml's keys, in its order, with the same
placeholders, and for words that depend on a number exactly the CLDR plural categories of its language.

A language's categories are those Babel gives for integers (counts of articles and results are
whole numbers), plus `other`, which CLDR defines for every language and which kbgen
(`i18n.pick_plural`) and search.js fall back to. The sample reaches a million because French,
Spanish, Italian and Portuguese have a `many` form for round millions ("1 000 000 de résultats").
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from babel import Locale

from kbgen.theme import themes_root

STRINGS = themes_root() / "default" / "strings"
REQUIRED = ("en", "es", "fr", "de", "pt", "it", "nl", "ro", "nb", "pl", "ru", "tr", "zh", "ja", "ko", "ar", "he")
CLDR_ORDER = ("zero", "one", "two", "few", "many", "other")
INTEGERS = tuple(range(0, 1001)) + tuple(m * 10 ** k for k in range(4, 10) for m in (1, 2, 5))
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{path.name} must map names to text"
    return data


def locale(path: Path) -> Locale:
    return Locale.parse(path.stem.replace("-", "_"))


def integer_categories(language: Locale) -> dict[str, list[int]]:
    """Each plural category of `language` with the sample integers it covers."""
    found: dict[str, list[int]] = {"other": []}
    for n in INTEGERS:
        found.setdefault(language.plural_form(n), []).append(n)
    return found


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


ENGLISH = load(STRINGS / "en.yaml")
FILES = sorted(STRINGS.glob("*.yaml"))


def test_every_language_a_help_center_needs_is_there():
    assert set(REQUIRED) <= {path.stem for path in FILES}


def test_babel_categories_are_the_ones_cldr_gives():
    """A check on the helper itself, for languages whose rules are easy to get wrong."""
    def cats(code):
        return sorted(integer_categories(Locale.parse(code)), key=CLDR_ORDER.index)

    assert cats("en") == ["one", "other"]
    assert cats("fr") == ["one", "many", "other"]
    assert cats("ro") == ["one", "few", "other"]
    assert cats("ru") == cats("pl") == ["one", "few", "many", "other"]
    assert cats("ar") == ["zero", "one", "two", "few", "many", "other"]
    assert cats("ja") == cats("zh") == cats("ko") == ["other"]


@pytest.mark.parametrize("path", FILES, ids=[path.name for path in FILES])
def test_strings_file(path):
    words = load(path)
    assert list(words) == list(ENGLISH), f"{path.name} must have en.yaml's keys in en.yaml's order"
    categories = integer_categories(locale(path))
    for key, english in ENGLISH.items():
        value = words[key]
        if isinstance(english, dict):
            assert isinstance(value, dict), f"{path.name}: '{key}' needs plural forms"
            assert set(value) == set(categories), (
                f"{path.name}: '{key}' needs exactly the forms {sorted(categories, key=CLDR_ORDER.index)}")
            for category, text in value.items():
                wanted = placeholders(str(english.get(category, english["other"])))
                # A form for a single number ("مقالان", two articles) may spell the number out.
                optional = {"{n}"} if len(categories[category]) == 1 else set()
                check_text(path, f"{key}.{category}", text, wanted, optional)
        else:
            check_text(path, key, value, placeholders(english), set())


def check_text(path: Path, key: str, text, wanted: set[str], optional: set[str]):
    assert isinstance(text, str) and text.strip(), f"{path.name}: '{key}' must be non-empty text, not {text!r}"
    found = placeholders(text)
    assert wanted - optional <= found <= wanted, (
        f"{path.name}: '{key}' has placeholders {sorted(found)}, English has {sorted(wanted)}")
    # `tagged` goes through str.format: a stray brace would break the page.
    assert "{" not in PLACEHOLDER.sub("", text) and "}" not in PLACEHOLDER.sub("", text), (
        f"{path.name}: '{key}' has a brace that is not a placeholder")
