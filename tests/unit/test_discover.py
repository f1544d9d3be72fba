from kbgen.content.discover import discover as discover_in
from kbgen.urls import ROOT, output_path_for
from kbgen.errors import Reporter
from kbgen.project_files import Roots


def discover(root, exclude=frozenset()):
    return discover_in(root, Roots.of([root]), Reporter(), exclude)


def make(root, *paths):
    for rel in paths:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x")


def test_categories_articles_and_files_in_sorted_order(tmp_path):
    make(tmp_path, "b/z.md", "b/a.md", "a/_category.yaml", "a/img/x.png", "a/sub/deep.md", "top.md",
         ".hidden/h.md", "_drafts/d.md", "b/_partial.md", "node_modules/n.md", "only-images/p.png")
    tree = discover(tmp_path)
    assert [c.id for c in tree.categories] == ["", "a", "a/sub", "b"]
    assert [a.id for a in tree.articles] == ["top", "a/sub/deep", "b/a", "b/z"]
    assert {p.relative_to(tmp_path).as_posix() for p in tree.files} == {"a/img/x.png", "only-images/p.png", "b/_partial.md"}
    assert tree.categories[1].category_file == tmp_path / "a" / "_category.yaml"


def test_excluded_folders_are_skipped(tmp_path):
    make(tmp_path, "a.md", "site/old.md", "static/s.md")
    tree = discover(tmp_path, frozenset({tmp_path / "site", tmp_path / "static"}))
    assert [a.id for a in tree.articles] == ["a"]


def test_urls_and_output_paths():
    assert ROOT.category("") == "/"
    assert ROOT.category("Getting Started/Première étape") == "/getting-started/premiere-etape/"
    assert output_path_for("/billing/refunds/") == "billing/refunds/index.html"
    assert output_path_for("/") == "index.html"
