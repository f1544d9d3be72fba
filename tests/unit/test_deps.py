"""The link cache's dependencies, one kind at a time: an article is resolved again exactly when
something its links looked at changed (content/deps.py), and kept otherwise."""
from __future__ import annotations

from kbgen.config import load_config
from kbgen.content.cache import ParseCache
from kbgen.content.deps import Changes, file_dep, id_dep, url_dep
from kbgen.errors import Reporter
from kbgen.site import load_site


def loaded(project, cache):
    return load_site(load_config(project), Reporter(), cache=cache)


def project_with(write_project, linking: str):
    return write_project({
        "content/billing/refunds.md": "# Refunds\n\n## Partial refunds\n\nSome.\n",
        "content/billing/other.md": "# Other\n\nUnrelated.\n",
        "content/billing/linking.md": linking,
    })


def test_changes_say_which_dependencies_they_touch():
    changes = Changes(frozenset({file_dep(__file__), id_dep("a")}), urls=False)
    assert changes.affect([file_dep(__file__)]) and changes.affect([id_dep("a")])
    assert not changes.affect([id_dep("b"), url_dep("/x/")])
    assert Changes(urls=True).affect([url_dep("/x/")]) and not Changes(urls=True).affect([id_dep("a")])


def test_a_file_dependency(write_project):
    project = project_with(write_project, "# Linking\n\n[refunds](refunds.md#partial-refunds)\n")
    cache = ParseCache()
    first = loaded(project, cache).articles["billing/linking"]
    assert file_dep(project / "content" / "billing" / "refunds.md") in cache.linked[first.source].looked_at
    (project / "content" / "billing" / "other.md").write_text("# Other\n\nStill unrelated.\n")
    assert loaded(project, cache).articles["billing/linking"] is first  # not its business
    (project / "content" / "billing" / "refunds.md").write_text("# Refunds\n\nThe heading is gone.\n")
    again = loaded(project, cache).articles["billing/linking"]
    assert again is not first  # the anchor it links to went away: resolved again (and warned about)


def test_a_url_dependency(write_project):
    project = project_with(write_project, "# Linking\n\n[billing](/billing/)\n")
    cache = ParseCache()
    first = loaded(project, cache).articles["billing/linking"]
    assert url_dep("/billing/") in cache.linked[first.source].looked_at
    (project / "content" / "billing" / "other.md").write_text("# Other\n\nEdited.\n")
    assert loaded(project, cache).articles["billing/linking"] is first
    (project / "content" / "billing" / "new.md").write_text("# New\n")  # a new page: the set of URLs moved
    assert loaded(project, cache).articles["billing/linking"] is not first


def test_an_id_dependency(write_project):
    project = project_with(write_project, "---\nrelated: [billing/refunds]\n---\n# Linking\n")
    cache = ParseCache()
    first = loaded(project, cache).articles["billing/linking"]
    assert id_dep("billing/refunds") in cache.linked[first.source].looked_at
    (project / "content" / "billing" / "other.md").write_text("# Other\n\nEdited.\n")
    assert loaded(project, cache).articles["billing/linking"] is first
    (project / "content" / "billing" / "refunds.md").rename(project / "content" / "billing" / "money-back.md")
    again = loaded(project, cache).articles["billing/linking"]
    assert again is not first and again.related == ()
