"""Every URL kbgen makes, in one place.

The model keeps site paths (`/billing/refunds/`); `UrlScheme` decides where each kind of
page lives for one language (`/es/billing/refunds/` in a language tree, no prefix on a
one-language site); `href` and `absolute` put a site path under the base path the site is
served from (`/help/`); `output_path_for` is the file a site path is written to.
"""
from __future__ import annotations

import posixpath
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import quote, unquote, urljoin

from .slugs import url_segment

_SAFE = "/:?#[]@!$&'()*+,;=-._~%"


@dataclass(frozen=True)
class UrlScheme:
    """Where the pages of one language live. `prefix` is "" or "/es" (see `language_prefix`)."""

    prefix: str = ""

    def home(self) -> str:
        return self.prefix + "/"

    def category(self, category_id: str) -> str:
        if not category_id:
            return self.home()
        return self.prefix + "/" + "/".join(url_segment(part) for part in category_id.split("/")) + "/"

    def article(self, category_id: str, segment: str) -> str:
        return self.category(category_id) + segment + "/"

    def tags(self) -> str:
        return self.prefix + "/tags/"

    def tag(self, tag: str) -> str:
        return f"{self.prefix}/tags/{url_segment(tag)}/"

    def search(self) -> str:
        return self.prefix + "/search/"

    def search_file(self, name: str) -> str:
        return f"{self.prefix}/search/{name}"

    def not_found(self) -> str:
        return self.prefix + "/404.html"

    def feed(self) -> str:
        return self.prefix + "/feed.xml"

    def within(self, path: str) -> bool:
        """Whether a site path belongs to this language's pages."""
        return not self.prefix or path == self.prefix or path.startswith(self.prefix + "/")


ROOT = UrlScheme()


def language_prefix(code: str) -> str:
    """`pt-BR` -> `/pt-br`: language trees publish under their lower-cased BCP 47 tag."""
    return "/" + code.lower()


def output_path_for(url: str) -> str:
    """Clean URLs: `/billing/refunds/` is written as `billing/refunds/index.html`."""
    return url.strip("/") + "/index.html" if url != "/" else "index.html"


def normalize_alias(alias: str) -> str:
    """`/hc/articles/123` -> `/hc/articles/123/`; paths with a file extension stay as they are."""
    path = posixpath.normpath("/" + unquote(alias).lstrip("/"))
    if alias.endswith("/") or "." not in path.rsplit("/", 1)[-1]:
        path = path.rstrip("/") + "/"
    return path


def alias_output_path(alias: str) -> str:
    path = normalize_alias(alias)
    return output_path_for(path) if path.endswith("/") else path.lstrip("/")


@lru_cache(maxsize=65536)
def href(base_path: str, path: str) -> str:
    """`/billing/refunds/` under base path `/help/` -> `/help/billing/refunds/`, percent-encoded."""
    if not path.startswith("/"):
        return quote(path, safe=_SAFE)
    return quote(base_path.rstrip("/") + path, safe=_SAFE)


def absolute(site_url: str | None, base_path: str, path: str) -> str | None:
    """The full URL of a site path, or None when the site has no `site.url`."""
    if not site_url:
        return None
    return urljoin(site_url, href(base_path, path))
