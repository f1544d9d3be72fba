from pathlib import Path

import pytest

from kbgen.config import load_config
from kbgen.errors import KbgenError, UsageError


def lines(exc, base):
    return [d.format(base) for d in exc.value.diagnostics]


def test_defaults_without_config(tmp_path):
    (tmp_path / "a.md").write_text("x")
    config = load_config(tmp_path)
    assert config.content_dir == tmp_path.resolve()
    assert config.site.title == "Help Center" and config.site.language == "en" and config.base_path == "/"


def test_content_folder_preferred_without_config(tmp_path):
    (tmp_path / "content").mkdir()
    assert load_config(tmp_path).content_dir == (tmp_path / "content").resolve()


def test_full_config_is_frozen(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "kbgen.yaml").write_text(
        "site:\n  title: Acme\n  url: https://acme.test/help\n  language: ar\ncontent_dir: docs\n"
        "contact:\n  email: a@acme.test\nextra:\n  x: [1, 2]\n")
    config = load_config(tmp_path)
    assert config.site.direction == "rtl"
    assert config.base_path == "/help/"
    assert config.contact.href == "mailto:a@acme.test"
    assert config.extra["x"] == (1, 2)
    with pytest.raises(Exception):
        config.site.title = "changed"
    with pytest.raises(TypeError):
        config.extra["y"] = 1


def test_unknown_keys_are_errors_with_line_and_hint(tmp_path):
    (tmp_path / "content").mkdir()
    (tmp_path / "kbgen.yaml").write_text("site:\n  title: A\n  langauge: en\ncontnet_dir: x\n")
    with pytest.raises(KbgenError) as exc:
        load_config(tmp_path)
    assert lines(exc, tmp_path) == [
        "kbgen.yaml:3:3: error[config-unknown-key]: unknown key 'site.langauge' (did you mean 'language'?)",
        "kbgen.yaml:4:1: error[config-unknown-key]: unknown key 'contnet_dir' (did you mean 'content_dir'?)",
    ]


def test_bad_values(tmp_path):
    (tmp_path / "content").mkdir()
    (tmp_path / "kbgen.yaml").write_text(
        "site:\n  url: help.acme.test\n  language: English!\ncontact:\n  email: nobody\ntheme:\n  name: fancy\n")
    with pytest.raises(KbgenError) as exc:
        load_config(tmp_path)
    found = lines(exc, tmp_path)
    assert found[0] == "kbgen.yaml:2:8: error[config-type]: 'site.url' must be a full URL starting with https:// (got 'help.acme.test')"
    assert found[1].startswith("kbgen.yaml:3:13: error[config-type]: 'site.language' must be a language code")
    assert found[2] == "kbgen.yaml:5:10: error[config-type]: 'contact.email' must be an e-mail address, not 'nobody'"
    assert found[3] == "kbgen.yaml:7:9: error[config-theme]: no theme named 'fancy' (available: default)"


def test_yaml_syntax_error(tmp_path):
    (tmp_path / "kbgen.yaml").write_text("site:\n  title: [unclosed\n")
    with pytest.raises(KbgenError) as exc:
        load_config(tmp_path)
    assert exc.value.diagnostics[0].code == "config-syntax"
    assert exc.value.diagnostics[0].line == 3


def test_missing_content_dir(tmp_path):
    (tmp_path / "kbgen.yaml").write_text("content_dir: articles\n")
    with pytest.raises(KbgenError) as exc:
        load_config(tmp_path)
    assert lines(exc, tmp_path) == ["kbgen.yaml:1:14: error[config-content-dir]: content folder 'articles' does not exist "
                                    "(create it, or set content_dir: . to build the project folder itself)"]


def test_base_url_override_and_usage_error(tmp_path):
    (tmp_path / "a.md").write_text("x")
    assert load_config(tmp_path, "https://example.com/help/").base_path == "/help/"
    with pytest.raises(UsageError):
        load_config(tmp_path, "example.com")
