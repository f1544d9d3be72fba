"""Files for search engines, hosts and other tools: sitemap, robots.txt, redirects, kb.json, Atom feeds.

All are functions of the read-only `SiteSet` (every language of the build). Pages that must
never be indexed (drafts, internal articles, the 404 and search pages) stay out of every one
of them in a public build. A multilingual sitemap lists each page with its translations
(`xhtml:link` alternates, the same set the page's own head carries).
"""
from __future__ import annotations

import datetime as dt
import html
import json
from typing import Mapping
from xml.sax.saxutils import escape as xml_escape

from . import __version__
from .i18n import direction
from .model import Article, Flow, FlowAnswer, Site, SiteSet
from .project_files import project_relative
from .urls import absolute, alias_output_path, href, normalize_alias

SITEMAP_LIMIT = 50_000
FEED_ENTRIES = 20


def public_articles(site: Site) -> list[Article]:
    """What may be published to the world: never drafts or internal articles, whatever the build."""
    return [a for a in site.articles.values() if a.is_public]


def seo_files(sites: SiteSet, strings: Mapping[str, Mapping[str, str]]) -> dict[str, bytes]:
    """Every non-page output of this module, by output path. `strings`: theme words by language."""
    files: dict[str, bytes] = {}
    files.update(redirect_files(sites, strings))
    files["kb.json"] = kb_json(sites)
    if sites.default.include_internal:
        files["robots.txt"] = b"User-agent: *\nDisallow: /\n"
        return files
    files.update(sitemap_files(sites))
    files["robots.txt"] = robots_txt(sites)
    for site in sites:
        feed = atom_feed(site)
        if feed is not None:
            files[site.urls.feed().lstrip("/")] = feed
    return files


def seo_paths(sites: SiteSet) -> set[str]:
    """The output paths `seo_files` writes, known without building them (kbgen serve answers a
    request for one by building them all; at 10,000 articles kb.json alone is tens of megabytes)."""
    paths = {"kb.json", "robots.txt"}
    aliases = {alias_output_path(alias) for site in sites for a in site.articles.values() for alias in a.aliases}
    if aliases or sites.multilingual:
        paths.add("_redirects")
    paths |= aliases
    if sites.default.include_internal:
        return paths
    if sites.config.site.url:
        paths.add("sitemap.xml")
        bound = sum(len(site.articles) + len(site.categories) + len(site.tags) + 2 for site in sites) + 1
        count = bound if bound <= SITEMAP_LIMIT else sum(len(sitemap_urls(site)) for site in sites) + sites.multilingual
        if count > SITEMAP_LIMIT:
            paths |= {f"sitemap-{n}.xml" for n in range(1, (count + SITEMAP_LIMIT - 1) // SITEMAP_LIMIT + 1)}
        paths |= {site.urls.feed().lstrip("/") for site in sites if any(a.updated for a in public_articles(site))}
    return paths


Alternates = list[tuple[str, str]]  # (hreflang, site path), x-default last


def sitemap_urls(site: Site) -> list[tuple[str, dt.date | None, Alternates]]:
    """(path, last modified, translations) of every indexable page: home, categories with
    articles, articles, tag pages."""
    articles = public_articles(site)
    translations = site.translations
    newest = max((a.updated for a in articles if a.updated), default=None)
    home = translations.hreflang(translations.homes, home=True) if translations else []
    urls: list[tuple[str, dt.date | None, Alternates]] = [(site.urls.home(), newest, home)]
    # Every category above a public article is listed, dated by its newest article.
    by_category: dict[str, list[dt.date]] = {}
    for article in articles:
        for category in site.category_trail(article.category_id):
            dates = by_category.setdefault(category.id, [])
            if article.updated:
                dates.append(article.updated)
    for category in site.categories.values():
        if category.id in by_category:
            dates = by_category[category.id]
            alternates = translations.hreflang(translations.of_category(category.id)) if translations else []
            urls.append((category.url, max(dates) if dates else None, alternates))
    urls += [(a.url, a.updated, translations.hreflang(translations.of_article(a.id)) if translations else [])
             for a in articles]
    public = {a.id for a in articles}
    tagged = {tag: [site.articles[i] for i in ids if i in public] for tag, ids in site.tags.items()}
    tagged = {tag: members for tag, members in tagged.items() if members}
    if tagged:
        urls.append((site.urls.tags(), newest, []))
        urls += [(site.urls.tag(tag), max((a.updated for a in members if a.updated), default=None), [])
                 for tag, members in tagged.items()]
    return urls


def sitemap_files(sites: SiteSet) -> dict[str, bytes]:
    """`sitemap.xml`, or a sitemap index over `sitemap-N.xml` files past 50,000 URLs. Needs site.url."""
    config = sites.config
    if not config.site.url:
        return {}
    urls = [entry for site in sites for entry in sitemap_urls(site)]
    if sites.multilingual:  # the language chooser, the x-default of every home page
        default = sites.default
        newest = max((entry[1] for entry in urls if entry[1]), default=None)
        urls.insert(0, ("/", newest, default.translations.hreflang(default.translations.homes, home=True)))
    chunks = [urls[i:i + SITEMAP_LIMIT] for i in range(0, len(urls), SITEMAP_LIMIT)] or [[]]
    full = lambda path: xml_escape(absolute(config.site.url, config.base_path, path))  # noqa: E731
    namespaces = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
    if sites.multilingual:
        namespaces += ' xmlns:xhtml="http://www.w3.org/1999/xhtml"'

    def urlset(chunk) -> bytes:
        lines = ['<?xml version="1.0" encoding="UTF-8"?>', f"<urlset {namespaces}>"]
        for path, lastmod, alternates in chunk:
            entry = f"<url><loc>{full(path)}</loc>"
            if lastmod:
                entry += f"<lastmod>{lastmod.isoformat()}</lastmod>"
            entry += "".join(f'<xhtml:link rel="alternate" hreflang="{xml_escape(code)}" href="{full(target)}"/>'
                             for code, target in alternates)
            lines.append(entry + "</url>")
        lines.append("</urlset>")
        return ("\n".join(lines) + "\n").encode("utf-8")

    if len(chunks) == 1:
        return {"sitemap.xml": urlset(chunks[0])}
    files = {f"sitemap-{n}.xml": urlset(chunk) for n, chunk in enumerate(chunks, 1)}
    index = ['<?xml version="1.0" encoding="UTF-8"?>', '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for name in files:
        index.append(f"<sitemap><loc>{full('/' + name)}</loc></sitemap>")
    index.append("</sitemapindex>")
    files["sitemap.xml"] = ("\n".join(index) + "\n").encode("utf-8")
    return files


def robots_txt(sites: SiteSet) -> bytes:
    config = sites.config
    lines = ["User-agent: *"] + [f"Disallow: {href(config.base_path, site.urls.search())}" for site in sites]
    if config.site.url:
        lines.append(f"Sitemap: {absolute(config.site.url, config.base_path, '/sitemap.xml')}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def redirect_files(sites: SiteSet, strings: Mapping[str, Mapping[str, str]]) -> dict[str, bytes]:
    """A page at every old URL in `aliases`, and `_redirects` (`/old/ /new/ 301`) for hosts that
    read one; there each language also gets its own 404 page (`/es/*  /es/404.html  404`)."""
    config = sites.config
    files: dict[str, bytes] = {}
    rules = []
    for site in sites:
        language = site.language
        for article in site.articles.values():
            target = href(config.base_path, article.url)
            canonical = absolute(config.site.url, config.base_path, article.url) or target
            for alias in article.aliases:
                rules.append(f"{href(config.base_path, normalize_alias(alias))} {target} 301")
                title = html.escape(article.title)
                files[alias_output_path(alias)] = (
                    f'<!doctype html>\n<html lang="{html.escape(language)}" dir="{direction(language)}">\n<head>\n'
                    f'<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n'
                    f"<title>{title}</title>\n<meta name=\"description\" content=\"{html.escape(article.description)}\">\n"
                    f'<meta name="robots" content="noindex">\n<link rel="canonical" href="{html.escape(canonical)}">\n'
                    f'<meta http-equiv="refresh" content="0; url={html.escape(target)}">\n</head>\n<body>\n'
                    f'<h1>{html.escape(strings[language]["moved_to"])} <a href="{html.escape(target)}">{title}</a></h1>\n'
                    "</body>\n</html>\n"
                ).encode("utf-8")
    rules.sort()
    if sites.multilingual:
        rules += [f"{href(config.base_path, site.urls.home())}*  {href(config.base_path, site.urls.not_found())}  404"
                  for site in sites]
    if rules:
        files["_redirects"] = ("\n".join(rules) + "\n").encode("utf-8")
    return files


def kb_json(sites: SiteSet) -> bytes:
    """Every public article and FAQ question as data, for chat assistants and other tools. An item
    names its language, where its translations are and its source file (so a feedback report can
    say which file to fix; owners stay out: they are often e-mail addresses)."""
    config = sites.config
    items = []
    for site in sites:
        for article in public_articles(site):
            category = [c.title for c in site.category_trail(article.category_id)]
            url = _full(config, article.url)
            others = site.translations.of_article(article.id) if site.translations else {}
            translations = {code: _full(config, path) for code, path in others.items() if code != site.language}
            source = project_relative(article.source, config.project_dir)  # so a report can name the file to fix
            items.append({
                "id": article.id, "language": site.language, "type": article.type, "url": url, "title": article.title,
                "description": article.description, "category": category, "tags": list(article.tags),
                "updated": article.updated.isoformat() if article.updated else None, "text": article.text,
                "translations": translations, "source": source,
            })
            if article.flow is not None:
                items[-1]["flow"] = _flow_data(article.flow, url, config)
            for question in article.faq:
                items.append({
                    "id": f"{article.id}#{question.anchor}", "language": site.language, "type": "question",
                    "url": f"{url}#{question.anchor}", "title": question.question, "description": "",
                    "category": category + [article.title], "tags": list(article.tags),
                    "updated": article.updated.isoformat() if article.updated else None, "text": question.text,
                    "translations": {}, "source": source,
                })
    about = {"title": config.site.title, "url": config.site.url, "language": config.site.language}
    if sites.multilingual:
        about["languages"] = list(sites.sites)
    data = {"generator": f"kbgen {__version__}", "site": about, "items": items}
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _flow_data(flow: Flow, url: str, config) -> dict:
    """A troubleshooter's tree as data: each step's question and answers (and where each answer
    leads: another step, an article, the contact path) or its solution, as plain text."""
    steps = []
    for step in flow.steps:
        data = {"id": step.id, "url": f"{url}#{step.id}", "title": step.title}
        if step.is_solution:
            data["solution"] = step.text
        else:
            data["question"] = step.question
            data["text"] = step.text
            data["answers"] = [_answer_data(answer, config) for answer in step.answers]
        steps.append(data)
    return {"start": flow.start, "steps": steps}


def _answer_data(answer: FlowAnswer, config) -> dict:
    if answer.next:
        return {"label": answer.label, "next": answer.next}
    if answer.contact:
        return {"label": answer.label, "contact": True}
    return {"label": answer.label, "article": (answer.article or "").partition("#")[0],
            "url": _full(config, answer.url) if answer.url else None}


def _full(config, path: str) -> str:
    return absolute(config.site.url, config.base_path, path) or href(config.base_path, path)


def atom_feed(site: Site) -> bytes | None:
    """An Atom feed of the 20 most recently updated articles (needs site.url and dates)."""
    config = site.config
    if not config.site.url:
        return None
    dated = sorted((a for a in public_articles(site) if a.updated), key=lambda a: (-a.updated.toordinal(), a.id))
    if not dated:
        return None
    feed_url = absolute(config.site.url, config.base_path, site.urls.feed())
    home = absolute(config.site.url, config.base_path, site.urls.home())
    lines = ['<?xml version="1.0" encoding="utf-8"?>', f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{xml_escape(config.site.language)}">',
             f"<title>{xml_escape(config.site.title)}</title>", f'<link href="{xml_escape(home)}"/>',
             f'<link rel="self" href="{xml_escape(feed_url)}"/>', f"<id>{xml_escape(home)}</id>",
             f"<updated>{dated[0].updated.isoformat()}T00:00:00Z</updated>"]
    for article in dated[:FEED_ENTRIES]:
        url = absolute(config.site.url, config.base_path, article.url)
        lines += ["<entry>", f"<title>{xml_escape(article.title)}</title>", f'<link href="{xml_escape(url)}"/>',
                  f"<id>{xml_escape(url)}</id>", f"<updated>{article.updated.isoformat()}T00:00:00Z</updated>",
                  f"<summary>{xml_escape(article.description)}</summary>", "</entry>"]
    lines.append("</feed>")
    return ("\n".join(lines) + "\n").encode("utf-8")
