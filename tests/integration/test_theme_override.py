"""A project's theme/ (or theme.custom_dir) overrides templates, assets and strings by path."""
from __future__ import annotations

from tests.conftest import run_cli
from tests.htmlpage import page, text

EXTENDING_ARTICLE = """{% extends "default/article.html" %}
{% block after_body %}<p class="custom-footer">Printed by {{ site.extra.company }}</p>{% endblock %}
"""


def test_template_override_can_extend_the_default(write_project):
    project = write_project({
        "kbgen.yaml": "extra:\n  company: Acme\n",
        "content/a.md": "# A\n\nBody text.\n",
        "theme/templates/article.html": EXTENDING_ARTICLE,
    })
    assert run_cli("build", project).exit_code == 0
    article = page(project / "site", "/a/")
    assert text(article.select_one(".custom-footer")) == "Printed by Acme"
    assert "Body text." in text(article.select_one(".prose"))  # the rest of the default template still renders


def test_asset_and_strings_override(write_project):
    project = write_project({
        "content/a.md": "# A\n",
        "theme/assets/style.css": "body { color: rebeccapurple; }\n",
        "theme/strings/en.yaml": "home: Start page\n",
    })
    assert run_cli("build", project).exit_code == 0
    site = project / "site"
    [css] = list((site / "assets").glob("style.*.css"))
    assert css.read_text() == "body { color: rebeccapurple; }\n"
    assert page(site, "/a/").select_one(".breadcrumbs a").string == "Start page"
    assert page(site, "/a/").select_one("link[rel=stylesheet]")["href"] == f"/assets/{css.name}"


def test_custom_dir_wins_over_theme_folder(write_project):
    project = write_project({
        "kbgen.yaml": "theme:\n  custom_dir: brand\n",
        "content/a.md": "# A\n",
        "brand/templates/404.html": '{% extends "default/404.html" %}{% block main %}<h1>Lost at sea</h1>{% endblock %}',
        "theme/templates/404.html": '{% extends "default/404.html" %}{% block main %}<h1>Weaker</h1>{% endblock %}',
    })
    assert run_cli("build", project).exit_code == 0
    assert page(project / "site", "/404.html").h1.string == "Lost at sea"
    assert not (project / "site" / "templates").exists()


def test_template_runtime_error_names_the_template_line(write_project):
    project = write_project({
        "content/a.md": "# A\n",
        "theme/templates/home.html": '{% extends "default/home.html" %}\n{% block main %}\n{{ no_such_variable.x }}\n{% endblock %}\n',
    })
    result = run_cli("build", ".", cwd=project)
    assert result.exit_code == 1
    assert result.stderr.startswith("theme/templates/home.html:3: error[template-error]: 'no_such_variable' is undefined")


def test_rendered_markdown_is_the_only_unescaped_text(write_project):
    project = write_project({
        "kbgen.yaml": "site:\n  title: '<script>alert(1)</script>'\n",
        "content/<b>cat/_category.yaml": "description: '<img src=x onerror=alert(1)>'\n",
        "content/<b>cat/a.md": "---\ntitle: '</title><script>x()</script>'\ntags: ['<i>t</i>']\n---\n<em>writer html</em>\n",
    })
    assert run_cli("build", project).exit_code == 0
    html = (project / "site").rglob("index.html")
    for path in html:
        source = path.read_text()
        assert "<script>alert" not in source and "<script>x()" not in source
        assert "<img src=x" not in source
    article = next((project / "site").rglob("b-cat/a/index.html")).read_text()
    assert "<em>writer html</em>" in article
