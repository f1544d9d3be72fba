"""schema.org JSON-LD for each page: WebSite with a SearchAction on home, Article or FAQPage on
articles, BreadcrumbList below home. Absolute URLs are required, so a site without `site.url`
gets none. Templates print it with Jinja's `tojson`, which escapes <, > and & so no article
text can close the script element."""
from __future__ import annotations

from typing import Any

from .config import Config
from .model import Article
from .urls import UrlScheme, absolute


def page_jsonld(config: Config, urls: UrlScheme, kind: str, title: str, description: str, url: str,
                crumbs: list, article: Article | None = None) -> list[dict[str, Any]]:
    site_url = config.site.url
    if not site_url:
        return []

    def full(path: str) -> str:
        return absolute(site_url, config.base_path, path)

    blocks: list[dict[str, Any]] = []
    if kind == "home":
        blocks.append({
            "@context": "https://schema.org", "@type": "WebSite", "name": config.site.title, "url": full(urls.home()),
            "inLanguage": config.site.language, "description": config.site.description or description,
            "potentialAction": {
                "@type": "SearchAction",
                "target": {"@type": "EntryPoint", "urlTemplate": full(urls.search()) + "?q={search_term_string}"},
                "query-input": "required name=search_term_string",
            },
        })
        return blocks
    breadcrumb = {
        "@type": "BreadcrumbList",
        "itemListElement": [{"@type": "ListItem", "position": n, "name": crumb.title, "item": full(crumb.url)}
                            for n, crumb in enumerate(crumbs, 1)]
        + [{"@type": "ListItem", "position": len(crumbs) + 1, "name": title, "item": full(url)}],
    }
    if article is not None and article.is_faq and article.faq:
        blocks.append({
            "@context": "https://schema.org", "@type": "FAQPage", "name": title, "url": full(url),
            "inLanguage": config.site.language,
            "mainEntity": [{"@type": "Question", "name": q.question,
                            "acceptedAnswer": {"@type": "Answer", "text": q.text}} for q in article.faq],
        })
    elif article is not None:
        data = {"@context": "https://schema.org", "@type": "Article", "headline": title, "description": description,
                "inLanguage": config.site.language, "mainEntityOfPage": full(url), "url": full(url),
                "breadcrumb": breadcrumb}
        if article.updated:
            data["dateModified"] = article.updated.isoformat()
        blocks.append(data)
    blocks.append({"@context": "https://schema.org", **breadcrumb})
    return blocks
