"""The "Was this helpful?" endpoint: `create_app` gives a WSGI application for any WSGI server."""
from __future__ import annotations

from pathlib import Path
from typing import Iterable

from .app import FeedbackApp, known_pages
from .store import Store


def create_app(db: str | Path = "feedback.sqlite", path: str = "/api/feedback", site: str | Path | None = None,
               allow_origins: Iterable[str] = (), rate_limit: int = 60) -> FeedbackApp:
    """`site`: a built site whose kb.json lists the pages votes may name (else any well-formed id)."""
    return FeedbackApp(Store(db), path, known_pages(Path(site)) if site else None, allow_origins, rate_limit)


__all__ = ["create_app", "FeedbackApp", "Store"]
