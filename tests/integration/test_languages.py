"""A help center in four languages (tests/fixtures/sites/multilingual: en, es, zh, ar), crawled:
reciprocal hreflang with x-default, sitemap alternates equal to the pages' own, no link to a
missing page (the switcher included), no English interface word on a non-English page,
untranslated articles listed, never copied."""
from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.etree import ElementTree

import pytest
import yaml
from bs4 import BeautifulSoup

from tests.conftest import REPO, run_cli

SITE_URL = "https://help.harbor.test"
LANGUAGES = ("en", "es", "zh", "ar")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("multilingual") / "site"
    result = run_cli("build", REPO / "tests" / "fixtures" / "sites" / "multilingual", "-o", out)
    assert result.exit_code == 0, result.stderr
    return out


def pages(site: Path) -> dict[str, BeautifulSoup]:
    """Site path ("/es/billing/") -> parsed page, for every HTML page the build wrote."""
    found = {}
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        url = "/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)
        found[url] = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    return found


def alternates(page: BeautifulSoup) -> set[tuple[str, str]]:
    return {(link["hreflang"], link["href"]) for link in page.find_all("link", rel="alternate") if link.get("hreflang")}


def site_path(href: str) -> str:
    return unquote(urlsplit(href).path)


def exists(site: Path, path: str) -> bool:
    target = site / path.lstrip("/")
    return (target / "index.html").is_file() if path.endswith("/") else target.is_file()


def test_every_language_is_published_under_its_code(built):
    for code in LANGUAGES:
        home = BeautifulSoup((built / code / "index.html").read_text(encoding="utf-8"), "html.parser")
        assert home.html["lang"] == code
        assert home.html["dir"] == ("rtl" if code == "ar" else "ltr")
        assert (built / code / "search" / "index.html").is_file() and (built / code / "404.html").is_file()
    assert (built / "404.html").read_bytes() == (built / "en" / "404.html").read_bytes()


def test_hreflang_sets_are_reciprocal_with_x_default(built):
    crawled = pages(built)
    checked = 0
    for url, page in crawled.items():
        links = alternates(page)
        if not links:
            continue
        checked += 1
        codes = [code for code, _ in links]
        assert "x-default" in codes and len(set(codes)) == len(codes), url
        own = page.html["lang"] if url != "/" else None
        if own is not None:
            assert (own, SITE_URL + url) in links, f"{url} does not list itself"
        for code, href in links:
            target = crawled.get(site_path(href))
            assert target is not None, f"{url} -> {href}: no such page"
            assert alternates(target) == links, f"{url} and {href} disagree on their translations"
    assert checked >= 25


def test_sitemap_alternates_are_the_pages_own(built):
    crawled = pages(built)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    root = ElementTree.parse(built / "sitemap.xml").getroot()
    listed = {}
    for entry in root.findall("s:url", ns):
        loc = entry.find("s:loc", ns).text
        listed[site_path(loc)] = {(link.get("hreflang"), link.get("href")) for link in entry.findall("x:link", ns)}
    assert "/" in listed and "/es/" in listed and "/ar/billing/refunds/" in listed
    for path, links in listed.items():
        assert links == alternates(crawled[path]), path
    indexable = {url for url, page in crawled.items() if not page.find("meta", attrs={"name": "robots"})}
    assert set(listed) == indexable


def test_no_link_leads_to_a_missing_page(built):
    crawled = pages(built)
    for url, page in crawled.items():
        for anchor in page.find_all("a", href=True):
            href = anchor["href"]
            if href.startswith(("http:", "https:", "mailto:", "#")):
                continue
            path = site_path(href)
            assert exists(built, path), f"{url} links to {href}"
            if anchor.find_parent(class_="language-switcher"):
                assert anchor["hreflang"] == anchor["lang"]


def test_the_switcher_leads_to_the_translation_else_the_nearest_page(built):
    crawled = pages(built)

    def targets(url: str) -> dict[str, str]:
        switcher = crawled[url].find(class_="language-switcher")
        return {a["hreflang"]: a["href"] for a in switcher.find_all("a")}

    assert targets("/en/billing/refunds/") == {"en": "/en/billing/refunds/", "es": "/es/billing/refunds/",
                                               "zh": "/zh/billing/refunds/", "ar": "/ar/billing/refunds/"}
    # bank-transfer has no Spanish or Chinese translation: their billing category instead.
    assert targets("/en/billing/bank-transfer/")["es"] == "/es/billing/"
    # Chinese has no account category at all: its home.
    assert targets("/en/account/two-step/")["zh"] == "/zh/"
    # A page only Spanish has leads to the other languages' category.
    assert targets("/es/billing/factura-electronica/") == {"en": "/en/billing/", "es": "/es/billing/factura-electronica/",
                                                           "zh": "/zh/billing/", "ar": "/ar/billing/"}
    assert targets("/es/search/")["ar"] == "/ar/search/"


def test_a_missing_translation_is_listed_with_its_language_never_copied(built):
    assert not (built / "es" / "billing" / "bank-transfer").exists()
    billing = pages(built)["/es/billing/"]
    entry = billing.find("a", href="/en/billing/bank-transfer/")
    assert entry is not None and entry["hreflang"] == "en" and entry.find_parent("li")["lang"] == "en"
    badge = entry.find_parent("li").find(class_="badge-language")
    assert badge.get_text(strip=True) == "En inglés" and badge["lang"] == "es"
    # A whole category Chinese lacks is one card of the original on the Chinese home page.
    card = pages(built)["/zh/"].find("a", href="/en/account/")
    assert card is not None and card.find_parent("li")["lang"] == "en"
    assert "英语" in card.find_parent("li").get_text()
    sitemap = (built / "sitemap.xml").read_text()
    assert "/es/billing/bank-transfer/" not in sitemap


def english_words() -> dict[str, str]:
    strings = yaml.safe_load((REPO / "themes" / "default" / "strings" / "en.yaml").read_text(encoding="utf-8"))
    return {key: value for key, value in strings.items() if isinstance(value, str)}


def test_no_english_interface_word_on_a_non_english_page(built):
    english = english_words()
    for code in ("es", "zh", "ar"):
        words = yaml.safe_load((REPO / "themes" / "default" / "strings" / f"{code}.yaml").read_text(encoding="utf-8"))
        phrases = [value for key, value in english.items()
                   if "{" not in value and len(value) > 3 and words.get(key) != value]
        for url, page in pages(built).items():
            if not url.startswith(f"/{code}/"):
                continue
            for foreign in page.find_all(lang=re.compile(r"^(?!" + code + r")")):
                if foreign.name != "html":
                    foreign.decompose()  # an original listed in its own language, a switcher entry
            for tag in page.find_all(["code", "pre", "script", "style"]):
                tag.decompose()
            text = page.get_text(" ")
            attributes = " ".join(str(v) for tag in page.find_all(True) for k, v in tag.attrs.items()
                                  if k in ("aria-label", "title", "placeholder", "alt", "content"))
            for phrase in phrases:
                assert phrase not in text and phrase not in attributes, f"{url} shows '{phrase}'"


def test_dates_and_counts_are_written_in_each_language(built):
    crawled = pages(built)
    assert crawled["/zh/billing/refunds/"].find("time").get_text() == "2026年11月21日"
    assert crawled["/es/billing/refunds/"].find("time").get_text() == "1 de octubre de 2026"
    assert crawled["/en/billing/refunds/"].find("time").get_text() == "November 20, 2026"
    arabic = crawled["/ar/"].get_text(" ")
    assert "مقالات" in arabic or "مقالة" in arabic


def test_the_language_chooser_names_each_language_in_itself(built):
    chooser = pages(built)["/"]
    choices = {a["hreflang"]: a for a in chooser.select("a.language-choice")}
    assert list(choices) == list(LANGUAGES)
    assert [a.find(class_="language-name").get_text() for a in choices.values()] == ["English", "Español", "中文", "العربية"]
    assert choices["ar"].find_parent("li")["dir"] == "rtl" and choices["es"]["href"] == "/es/"
    assert choices["es"].find(class_="language-title").get_text() == "Centro de ayuda de Harbor"
    assert ("x-default", SITE_URL + "/") in alternates(chooser)


def test_kb_json_and_feeds_name_their_language(built):
    items = json.loads((built / "kb.json").read_text(encoding="utf-8"))["items"]
    refunds = [i for i in items if i["id"] == "billing/refunds"]
    assert {i["language"] for i in refunds} == set(LANGUAGES)
    english = next(i for i in refunds if i["language"] == "en")
    assert english["translations"] == {code: f"{SITE_URL}/{code}/billing/refunds/" for code in ("es", "zh", "ar")}
    for code in LANGUAGES:
        feed = (built / code / "feed.xml").read_text(encoding="utf-8")
        assert f'xml:lang="{code}"' in feed and f"{SITE_URL}/{code}/" in feed
    redirects = (built / "_redirects").read_text()
    assert "/es/*  /es/404.html  404" in redirects


def test_each_language_has_its_own_search_index(built):
    config = json.loads(pages(built)["/ar/search/"].find(id="kb-search-config").string)
    assert config["language"] == "ar" and config["quickMeta"].startswith("/ar/search/")
    meta = json.loads((built / config["fullMeta"].lstrip("/")).read_text(encoding="utf-8"))
    assert meta["language"] == "ar" and all(url.startswith("/ar/search/") for _, url in meta["shards"])
    terms = [t for _, url in meta["shards"] for t in json.loads((built / url.lstrip("/")).read_text(encoding="utf-8"))["terms"]]
    assert "refund" not in terms and any("\u0600" <= term[0] <= "\u06ff" for term in terms)


def test_check_reports_translation_status(tmp_path):
    result = run_cli("check", REPO / "tests" / "fixtures" / "sites" / "multilingual", "--format", "json")
    data = json.loads(result.stdout)
    assert data["translations"] == {"es": {"translated": 3, "outdated": 1, "missing": 2},
                                    "zh": {"translated": 3, "outdated": 0, "missing": 3},
                                    "ar": {"translated": 5, "outdated": 0, "missing": 1}}
    codes = [(d["severity"], d["code"], d["path"]) for d in data["diagnostics"]]
    assert ("warning", "translation-outdated", "tests/fixtures/sites/multilingual/content/es/billing/refunds.md") in codes
    assert ("note", "translation-missing", "tests/fixtures/sites/multilingual/content/en/billing/bank-transfer.md") in codes
    assert result.exit_code == 0
    strict = run_cli("check", REPO / "tests" / "fixtures" / "sites" / "multilingual", "--strict")
    assert strict.exit_code == 1  # the outdated translation; the missing ones are notes
    assert "Translations into es: 3 up to date, 1 outdated, 2 missing" in strict.stderr


@pytest.mark.parametrize("config, expected", [
    ("languages: [en, xx-yy]\n", "kbgen.yaml:1:17: error[config-type]: language must be a language code CLDR knows, "
                                 "such as en, es or pt-BR: 'xx-yy' is not one"),
    ("languages: [en, de]\n", "kbgen.yaml:1:17: error[config-language]: language 'de' has no tree: 'content/de/' does not exist"),
    ("site:\n  language: fr\nlanguages: [en, es]\n", "kbgen.yaml:2:13: error[config-type]: 'site.language' is 'fr' but "
                                                    "'languages' starts with 'en'"),
])
def test_language_configuration_errors_name_their_line(write_project, tmp_path, config, expected):
    project = write_project({"kbgen.yaml": config, "content/en/a.md": "# A\n", "content/es/a.md": "# A\n"})
    result = run_cli("build", ".", "-o", tmp_path / "out", cwd=project)
    assert result.exit_code == 1
    assert any(line.startswith(expected) for line in result.stderr.splitlines()), result.stderr


def test_translation_of_another_type_and_unlisted_trees(write_project, tmp_path):
    project = write_project({"kbgen.yaml": "languages: [en, es]\n", "content/en/faq.md": "---\ntype: faq\n---\n## Q?\nA.\n",
                             "content/es/faq.md": "# Preguntas\n", "content/fr/a.md": "# A\n", "content/stray.md": "# S\n"})
    result = run_cli("build", ".", "-o", tmp_path / "out", cwd=project)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert ("content/es/faq.md:1: error[translation-type]: is a article but its original 'content/en/faq.md' is a faq "
            "(set 'type: faq' in its front matter, or give it another name)") in lines
    assert any(line.startswith("content/fr: warning[language-unlisted]: 'content/fr/' is the tree of a language") for line in lines)
    assert any(line.startswith("content/stray.md: warning[language-unlisted]: 'content/stray.md' is in no language tree") for line in lines)


def test_a_one_language_site_stays_at_the_root(write_project, tmp_path):
    project = write_project({"kbgen.yaml": "site:\n  language: es\n", "content/billing/a.md": "# A\n"})
    assert run_cli("build", ".", "-o", tmp_path / "out", cwd=project).exit_code == 0
    page = BeautifulSoup((tmp_path / "out" / "billing" / "a" / "index.html").read_text(), "html.parser")
    assert page.html["lang"] == "es" and not alternates(page) and not page.find(class_="language-switcher")
