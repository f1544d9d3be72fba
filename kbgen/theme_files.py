"""Where themes are: inside the installed package, or beside it in a source checkout.

Config validates `theme.name` against these and the theme loads them; this module imports
neither, so the two do not import each other.
"""
from __future__ import annotations

from importlib import resources
from pathlib import Path

DEFAULT_THEME = "default"


def themes_root() -> Path:
    packaged = Path(str(resources.files("kbgen") / "themes"))
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "themes"


def available_themes() -> list[str]:
    root = themes_root()
    return sorted(p.name for p in root.iterdir() if (p / "templates").is_dir())
