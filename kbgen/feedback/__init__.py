"""The feedback endpoint ("Was this helpful?" votes, failed searches, troubleshooter visits):
`create_app` gives a WSGI application for any WSGI server."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable

from .app import FeedbackApp, flows_of, known_flows, known_pages, pages_of, site_items
from .store import Store, open_store


def create_app(db: "str | Path | Store" = "feedback.sqlite", path: str = "/api/feedback", site: str | Path | None = None,
               allow_origins: Iterable[str] = (), rate_limit: int = 60) -> FeedbackApp:
    """`db`: a SQLite database file, a postgresql://user@host:port/dbname URL (several instances share
    it), or an open store of either kind. `site`: a built site whose kb.json lists the pages votes may
    name and the troubleshooters and steps visits may name (else any well-formed id)."""
    store = open_store(db) if isinstance(db, (str, os.PathLike)) else db
    if not site:
        return FeedbackApp(store, path, None, allow_origins, rate_limit)
    items = site_items(Path(site))  # read once: kb.json of a large help center is tens of megabytes
    return FeedbackApp(store, path, pages_of(items), allow_origins, rate_limit, flows=flows_of(items))


__all__ = ["create_app", "FeedbackApp", "Store", "open_store", "known_flows", "known_pages"]
