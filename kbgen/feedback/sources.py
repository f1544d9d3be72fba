"""Which file each answer comes from and who owns it, read from the project (`kbgen feedback
report --project DIR`): a report names the file to fix and the writer to ask. Owners are not
in the published kb.json (they are often e-mail addresses), so they come from here only."""
from __future__ import annotations

from pathlib import Path

from ..build import BuildOptions, load_project
from ..config import load_config
from ..errors import Reporter
from ..project_files import project_relative


def answer_sources(project_dir: Path) -> dict[tuple[str, str], dict[str, str | None]]:
    """(language, article id) -> {"source": the file as the project names it, "owner": or None}, for
    every article of every language, drafts and internal ones included. Raises KbgenError when the
    project does not load (the message says why)."""
    config = load_config(project_dir)
    _, sites = load_project(config, BuildOptions(drafts=True, internal=True), Reporter(),
                            exclude=[config.project_dir / "site"])
    found: dict[tuple[str, str], dict[str, str | None]] = {}
    for site in sites:
        for article in site.articles.values():
            found[(site.language, article.id)] = {"source": project_relative(article.source, config.project_dir),
                                                  "owner": article.owner}
    return found
