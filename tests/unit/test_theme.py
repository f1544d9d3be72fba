from pathlib import Path

import pytest

from kbgen.config import load_config
from kbgen.errors import KbgenError
from kbgen.theme import Theme, available_themes, themes_root


def project(tmp_path, files):
    for rel, text in files.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return load_config(tmp_path)


def test_default_theme_is_found_beside_the_package():
    assert "default" in available_themes()
    assert (themes_root() / "default" / "templates" / "base.html").is_file()


def test_assets_are_named_by_content_hash(tmp_path):
    theme = Theme(project(tmp_path, {"a.md": "x"}))
    css = theme.assets["style.css"]
    assert css.output_path.startswith("assets/style.") and css.output_path.endswith(".css")
    assert theme.asset("style.css") == "/" + css.output_path
    changed = Theme(project(tmp_path / "two", {"a.md": "x", "theme/assets/style.css": "body{}"}))
    assert changed.assets["style.css"].output_path != css.output_path
    assert changed.assets["kb.js"] == theme.assets["kb.js"]


def test_strings_fall_back_to_english_then_override(tmp_path):
    theme = Theme(project(tmp_path, {"kbgen.yaml": "site:\n  language: es-MX\n", "content/a.md": "x",
                                     "theme/strings/es-MX.yaml": "home: Portada\n"}))
    assert theme.strings["home"] == "Portada"
    assert theme.strings["updated"] == "Actualizado"
    esperanto = Theme(project(tmp_path / "eo", {"kbgen.yaml": "site:\n  language: eo\n", "content/a.md": "x"}))
    assert esperanto.strings["updated"] == "Updated"  # no strings/eo.yaml ships: English
    assert not esperanto.has_strings_for("eo") and esperanto.has_strings_for("en-GB")


def test_bad_strings_file_is_a_diagnostic(tmp_path):
    with pytest.raises(KbgenError) as exc:
        Theme(project(tmp_path, {"a.md": "x", "theme/strings/en.yaml": "- just\n- a list\n"}))
    assert exc.value.diagnostics[0].code == "theme-strings"


def test_unknown_asset_is_a_template_error(tmp_path):
    theme = Theme(project(tmp_path, {"a.md": "x", "theme/templates/404.html": "{{ asset('missing.css') }}"}))
    with pytest.raises(KbgenError) as exc:
        theme.render("404.html", {})
    assert "no theme asset named 'missing.css'" in exc.value.diagnostics[0].message
