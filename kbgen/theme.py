"""Themes: the template search path, the Jinja environment, theme strings and fingerprinted assets.

Search order, strongest first: `theme.custom_dir`, the project's `theme/`, the chosen theme,
the default theme. `default/NAME` always names the default theme's template, so an override
can `{% extends "default/article.html" %}` and change one block.
"""
from __future__ import annotations

import hashlib
import os
import traceback
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

import jinja2
import jinja2.bccache

from . import yamlutil
from .config import Config
from .errors import Diagnostic, ERROR, KbgenError, Reporter
from .i18n import PLURAL_CATEGORIES, long_date, pick_plural
from .project_files import DecodeError, Roots, SafeTree, decode_utf8, read_bytes
from .theme_files import DEFAULT_THEME, available_themes, themes_root  # noqa: F401 (re-exported)
from .urls import href

@dataclass(frozen=True)
class AssetFile:
    source: Path
    output_path: str  # "assets/style.3f9a1c2b.css"


class _CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates kept in this process, checked against their source by Jinja: kbgen
    serve makes a new Theme on every reload, and compiling the templates again was a tenth of
    a reload at 10,000 articles. Memory only; nothing compiled is ever read from disk."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


_COMPILED = _CompiledTemplates()


class Theme:
    def __init__(self, config: Config, reporter: Reporter | None = None):
        root = themes_root()
        chosen = [root / config.theme.name] + ([root / DEFAULT_THEME] if config.theme.name != DEFAULT_THEME else [])
        self.layers: tuple[Path, ...] = tuple(d for d in config.theme_override_dirs if d.is_dir()) + tuple(chosen)
        self.config = config
        self.base_path = config.base_path
        # The project's theme folders follow the project's symlink rule (project_files).
        walker = SafeTree(Roots.of([*config.roots.folders, root]), reporter or Reporter())
        files = {kind: _layered_files(self.layers, kind, walker) for kind in ("templates", "assets", "strings")}
        loader = jinja2.ChoiceLoader([
            TemplateFiles(files["templates"]),
            jinja2.PrefixLoader({"default": jinja2.FileSystemLoader(str(root / DEFAULT_THEME / "templates"))}),
        ])
        self.env = jinja2.Environment(
            loader=loader,
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            bytecode_cache=_COMPILED,
        )
        self.template_files = files["templates"]
        self.strings_files = frozenset(files["strings"])
        self.strings = load_strings(files["strings"], config.site.language)
        self.assets = _collect_assets(files["assets"])
        language = config.site.language
        self.env.globals.update(url=self.url, asset=self.asset, t=self.strings,
                                plural=lambda key, n: pick_plural(self.strings[key], n, language),
                                long_date=lambda date: long_date(date, language))

    @cached_property
    def fingerprint(self) -> str:
        """A hash of what pages rendered with this theme depend on besides their context: every
        template file of every layer, the words, the assets' fingerprinted names (page_memo.py)."""
        digest = hashlib.blake2b(digest_size=16)
        for name in sorted(self.template_files):
            for path in self.template_files[name]:
                digest.update(f"{name}\0{path}\0".encode("utf-8", "surrogateescape"))
                try:
                    digest.update(read_bytes(path))
                except OSError:  # rendering will say what is wrong with it; no page may be kept meanwhile
                    digest.update(os.urandom(16))
        digest.update(repr(sorted((name, a.output_path) for name, a in self.assets.items())).encode("utf-8", "surrogateescape"))
        digest.update(repr(self.strings).encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    def has_strings_for(self, language: str) -> bool:
        """Whether some layer translates the theme's words into `language` (or its base language)."""
        base = language.split("-")[0].lower()
        return base == "en" or bool({f"{language}.yaml", f"{base}.yaml"} & self.strings_files)

    def url(self, path: str) -> str:
        return href(self.base_path, path)

    def asset(self, name: str) -> str:
        found = self.assets.get(name)
        if found is None:
            raise jinja2.TemplateRuntimeError(f"no theme asset named '{name}'")
        return href(self.base_path, "/" + found.output_path)

    def render(self, template: str, context: dict) -> str:
        try:
            return self.env.get_template(template).render(context)
        except jinja2.TemplateError as exc:
            raise KbgenError(template_diagnostic(exc, self.layers)) from None

    def markdown_labels(self) -> tuple[tuple[str, str], ...]:
        """The theme words that Markdown rendering writes into pages (callout titles, task states...)."""
        names = [f"callout_{kind}" for kind in ("note", "tip", "important", "warning", "caution")]
        names += ["task_done", "task_todo", "scrollable_table"]
        return tuple((name, self.strings[name]) for name in names if name in self.strings)


def load_strings(files: dict[str, Path], language: str) -> Mapping[str, str]:
    """Theme words for `language`: English first, then the language, the strongest layer's file
    for each (`files` maps `es.yaml` to the file that wins)."""
    candidates = ["en"]
    base = language.split("-")[0].lower()
    if base != "en":
        candidates.append(base)
    if language.lower() != base:
        candidates.append(language)
    merged: dict[str, str] = {}
    for code in candidates:
        for path in files.get(f"{code}.yaml", ()):
            merged.update(_read_strings(path, _mtime(path)))
    return MappingProxyType(merged)


def _mtime(path: Path) -> int | None:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return None


@lru_cache(maxsize=64)
def _read_strings(path: Path, mtime: int | None) -> dict[str, Any]:
    """Cached by modification time, so `kbgen serve` sees a strings file the writer just saved."""
    if mtime is None:
        return {}
    try:
        data = yamlutil.load(decode_utf8(read_bytes(path)))
    except DecodeError as exc:
        raise KbgenError(Diagnostic(ERROR, "encoding", exc.message, path, exc.line, exc.column))
    except OSError as exc:
        raise KbgenError(Diagnostic(ERROR, "read-error", f"cannot read the file: {exc.strerror or exc}", path))
    except yamlutil.YamlSyntaxError as exc:
        raise KbgenError(Diagnostic(ERROR, "theme-strings", exc.message, path, exc.line, exc.column))
    if not isinstance(data, dict):
        raise KbgenError(Diagnostic(ERROR, "theme-strings", "a strings file must map names to text", path, 1, 1))
    words: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            unknown = [k for k in value if k not in PLURAL_CATEGORIES]
            if unknown or not value:
                line, column = yamlutil.position(path.read_text(encoding="utf-8"), (key, unknown[0]) if unknown else (key,), of_key=True)
                raise KbgenError(Diagnostic(ERROR, "theme-strings", f"'{key}' maps plural forms, which are "
                                            f"{', '.join(PLURAL_CATEGORIES)}, not {unknown[0]!r}" if unknown else
                                            f"'{key}' has no plural forms", path, line, column))
            words[str(key)] = MappingProxyType({k: str(v) for k, v in value.items()})
        else:
            words[str(key)] = str(value)
    return words


def _layered_files(layers: tuple[Path, ...], kind: str, walker: SafeTree) -> dict[str, list[Path]]:
    """Each file name under `<layer>/<kind>/` with the files of that name, weakest layer first."""
    found: dict[str, list[Path]] = {}
    for layer in reversed(layers):
        folder = layer / kind
        for path in walker.files(folder):
            found.setdefault(path.relative_to(folder).as_posix(), []).append(path)
    return found


def _collect_assets(files: dict[str, list[Path]]) -> dict[str, AssetFile]:
    """Every asset by its path under `assets/`, the strongest layer winning, named by content hash."""
    assets = {}
    for name, paths in sorted(files.items()):
        path = paths[-1]
        digest = hashlib.sha256(read_bytes(path)).hexdigest()[:10]
        stem, dot, suffix = name.rpartition(".")
        hashed = f"{stem}.{digest}.{suffix}" if dot and stem else f"{name}.{digest}"
        assets[name] = AssetFile(path, "assets/" + hashed)
    return assets


class TemplateFiles(jinja2.BaseLoader):
    """Templates by name from the files the theme walk allowed, the strongest layer winning.
    Unlike Jinja's FileSystemLoader it never opens a path the walk did not list."""

    def __init__(self, files: dict[str, list[Path]]):
        self.files = {name: paths[-1] for name, paths in files.items()}

    def get_source(self, environment, template):
        path = self.files.get(template)
        if path is None:
            raise jinja2.TemplateNotFound(template)
        mtime = _mtime(path)
        try:
            text = decode_utf8(read_bytes(path))
        except DecodeError as exc:
            raise jinja2.TemplateSyntaxError(exc.message, exc.line, template, str(path)) from None
        except OSError:
            raise jinja2.TemplateNotFound(template) from None
        return text, str(path), lambda: _mtime(path) == mtime

    def list_templates(self) -> list[str]:
        return sorted(self.files)


def template_diagnostic(exc: jinja2.TemplateError, layers: tuple[Path, ...]) -> Diagnostic:
    """Point a template problem at the template file and line, not at kbgen's code."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        path = Path(exc.filename) if exc.filename else None
        return Diagnostic(ERROR, "template-error", exc.message or str(exc), path, exc.lineno)
    if isinstance(exc, jinja2.TemplateNotFound):
        return Diagnostic(ERROR, "template-error", f"template '{exc.name}' not found",
                          hint="searched: " + ", ".join(str(d / "templates") for d in layers))
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith((".html", ".xml", ".txt", ".j2"))]
    if frames:
        frame = frames[-1]
        return Diagnostic(ERROR, "template-error", str(exc), Path(frame.filename), frame.lineno)
    return Diagnostic(ERROR, "template-error", str(exc))
