"""Site URLs: the model keeps paths like `/billing/refunds/`; pages get them under the base path."""
from __future__ import annotations

from functools import lru_cache
from urllib.parse import quote, urljoin

_SAFE = "/:?#[]@!$&'()*+,;=-._~%"


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
