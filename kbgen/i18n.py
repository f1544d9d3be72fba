"""A language as readers see it, from CLDR through Babel: plural forms, dates, numbers, the
language's name in itself and its writing direction.

Theme strings are plain text, or for words that depend on a number a mapping of CLDR plural
categories (`one`, `few`, `many`, `other`, ...), each with `{n}`:

    articles_count: {one: "{n} article", other: "{n} articles"}

The browser gets the same mappings and picks with `Intl.PluralRules` (see search.js).
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any, Mapping

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.numbers import format_decimal

PLURAL_CATEGORIES = ("zero", "one", "two", "few", "many", "other")


class LanguageError(ValueError):
    pass


@lru_cache(maxsize=256)
def locale_of(code: str) -> Locale:
    """The CLDR locale of a BCP 47 tag (`pt-BR`, `zh-Hant`, `nb`); LanguageError when CLDR has none."""
    try:
        return Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError) as exc:
        raise LanguageError(f"'{code}' is not a language CLDR knows ({exc})") from None


def check_code(code: str) -> str | None:
    """Why `code` is not a usable language tag, or None."""
    try:
        locale_of(code)
    except LanguageError as exc:
        return str(exc)
    return None


def direction(code: str) -> str:
    """`rtl` for Arabic, Hebrew, Persian, Urdu...; `ltr` otherwise (and for tags CLDR lacks)."""
    try:
        return "rtl" if locale_of(code).text_direction == "rtl" else "ltr"
    except LanguageError:
        return "ltr"


def native_name(code: str) -> str:
    """The language named in itself, capitalised for a menu: English, Español, 中文, العربية."""
    locale = locale_of(code)
    name = locale.get_display_name(locale) or code
    return name[:1].upper() + name[1:]


def name_in(code: str, language: str) -> str:
    """The name of `code` in `language`: `en` in Spanish is "inglés"."""
    return locale_of(code).get_display_name(locale_of(language)) or code


@lru_cache(maxsize=4096)
def plural_category(n: int, language: str) -> str:
    return locale_of(language).plural_form(n)


@lru_cache(maxsize=4096)
def format_number(n: int, language: str) -> str:
    return format_decimal(n, locale=locale_of(language))


@lru_cache(maxsize=8192)  # a site has few distinct dates; each is formatted on many pages
def long_date(date: dt.date, language: str) -> str:
    """`December 2, 2026`, `2 de diciembre de 2026`, `2026年12月2日`."""
    return format_date(date, format="long", locale=locale_of(language))


def pick_plural(forms: Any, n: int, language: str) -> str:
    """The text for `n` from a string or a mapping of plural categories, with `{n}` filled in."""
    if isinstance(forms, Mapping):
        text = forms.get(plural_category(n, language)) or forms.get("other") or next(iter(forms.values()), "")
    else:
        text = str(forms)
    return text.replace("{n}", format_number(n, language))
