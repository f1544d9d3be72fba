"""Load `kbgen.yaml` into frozen dataclasses, reporting every problem with its line and column."""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping
from urllib.parse import urlsplit

from . import yamlutil
from .errors import Diagnostic, ERROR, KbgenError, UsageError, did_you_mean
from .i18n import check_code, direction
from .project_files import DecodeError, Roots, decode_utf8, read_bytes
from .theme_files import available_themes
from .yamlutil import Field

CONFIG_NAME = "kbgen.yaml"
LANGUAGE_RE = re.compile(r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$")


@dataclass(frozen=True)
class SiteConfig:
    title: str = "Help Center"
    url: str | None = None
    description: str = ""
    language: str = "en"
    logo: str | None = None

    @property
    def direction(self) -> str:
        return direction(self.language)


@dataclass(frozen=True)
class ContactConfig:
    label: str | None = None
    url: str | None = None
    email: str | None = None

    @property
    def href(self) -> str | None:
        if self.url:
            return self.url
        if self.email:
            return f"mailto:{self.email}"
        return None


@dataclass(frozen=True)
class FeedbackConfig:
    endpoint: str | None = None


@dataclass(frozen=True)
class ReviewConfig:
    max_age_days: int | None = None  # an article not reviewed for this long is overdue (kbgen check)


@dataclass(frozen=True)
class LanguageConfig:
    """One language of a multilingual site; what it sets replaces the site's own for its pages."""

    code: str
    title: str | None = None
    description: str | None = None
    contact: ContactConfig | None = None


@dataclass(frozen=True)
class ThemeConfig:
    name: str = "default"
    custom_dir: Path | None = None


@dataclass(frozen=True)
class Config:
    project_dir: Path
    content_dir: Path
    config_path: Path | None = None
    site: SiteConfig = field(default_factory=SiteConfig)
    contact: ContactConfig = field(default_factory=ContactConfig)
    feedback: FeedbackConfig = field(default_factory=FeedbackConfig)
    theme: ThemeConfig = field(default_factory=ThemeConfig)
    review: ReviewConfig = field(default_factory=ReviewConfig)
    extra: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    languages: tuple[LanguageConfig, ...] = ()  # empty: one language (site.language) at the root

    @property
    def multilingual(self) -> bool:
        return bool(self.languages)

    def for_language(self, code: str) -> "Config":
        """The configuration one language tree is built with: its content folder, its language,
        and what `languages:` sets for it (title, description, contact)."""
        chosen = next(language for language in self.languages if language.code == code)
        default = code == self.languages[0].code
        # The site's own description and contact label are written in the default language; another
        # language shows its own, else nothing (the home page counts articles) and the theme's word.
        description = chosen.description if chosen.description is not None else (self.site.description if default else "")
        site = replace(self.site, language=code, title=chosen.title or self.site.title, description=description)
        base = self.contact if default else replace(self.contact, label=None)
        contact = base
        if chosen.contact is not None:
            contact = ContactConfig(**{k: getattr(chosen.contact, k) or getattr(base, k) for k in ("label", "url", "email")})
        return replace(self, site=site, contact=contact, content_dir=self.content_dir / code)

    @property
    def roots(self) -> Roots:
        """The folders the project's files may resolve into (see project_files)."""
        folders = [self.project_dir, self.content_dir]
        if self.theme.custom_dir is not None:
            folders.append(self.theme.custom_dir)
        return Roots.of(folders)

    @property
    def static_dir(self) -> Path:
        return self.project_dir / "static"

    @property
    def theme_override_dirs(self) -> tuple[Path, ...]:
        """Project folders whose templates and assets win over the chosen theme, strongest first."""
        dirs = [self.project_dir / "theme"]
        if self.theme.custom_dir is not None and self.theme.custom_dir not in dirs:
            dirs.insert(0, self.theme.custom_dir)
        return tuple(dirs)

    @property
    def base_path(self) -> str:
        """The URL path the site is served under: '/' or '/help/'."""
        if not self.site.url:
            return "/"
        path = urlsplit(self.site.url).path or "/"
        return path if path.endswith("/") else path + "/"


TOP_FIELDS = {
    "site": Field("mapping"),
    "content_dir": Field("str"),
    "contact": Field("mapping"),
    "feedback": Field("mapping"),
    "theme": Field("mapping"),
    "review": Field("mapping"),
    "extra": Field("mapping"),
    "languages": Field("any"),
}
SITE_FIELDS = {
    "title": Field("str"),
    "url": Field("str"),
    "description": Field("str"),
    "language": Field("str"),
    "logo": Field("str"),
}
CONTACT_FIELDS = {"label": Field("str"), "url": Field("str"), "email": Field("str")}
FEEDBACK_FIELDS = {"endpoint": Field("str")}
THEME_FIELDS = {"name": Field("str"), "custom_dir": Field("str")}
REVIEW_FIELDS = {"max_age_days": Field("int", minimum=1)}
SECTIONS = {"site": SITE_FIELDS, "contact": CONTACT_FIELDS, "feedback": FEEDBACK_FIELDS, "theme": THEME_FIELDS,
            "review": REVIEW_FIELDS}


def load_config(project_dir: Path, base_url: str | None = None) -> Config:
    """Find and validate the project's configuration; raise KbgenError listing every problem."""
    project_dir = Path(project_dir).resolve()
    if not project_dir.is_dir():
        raise UsageError(Diagnostic(ERROR, "usage", f"project folder '{project_dir}' does not exist"))
    config_path = project_dir / CONFIG_NAME
    if not config_path.is_file():
        content_dir = project_dir / "content"
        config = Config(project_dir=project_dir, content_dir=content_dir if content_dir.is_dir() else project_dir)
        return _with_base_url(config, base_url)
    return _with_base_url(_parse_config_file(project_dir, config_path), base_url)


def _with_base_url(config: Config, base_url: str | None) -> Config:
    if base_url is None:
        return config
    problem = _check_url(base_url)
    if problem:
        raise UsageError(Diagnostic(ERROR, "usage", f"--base-url {problem}", hint="for example https://example.com/help/"))
    site = SiteConfig(**{**config.site.__dict__, "url": base_url})
    return Config(**{**config.__dict__, "site": site})


def _parse_config_file(project_dir: Path, config_path: Path) -> Config:
    diagnostics: list[Diagnostic] = []

    def add(code: str, message: str, line: int | None = None, column: int | None = None, hint: str | None = None):
        diagnostics.append(Diagnostic(ERROR, code, message, config_path, line, column, hint))

    try:
        text = decode_utf8(read_bytes(config_path))
    except DecodeError as exc:
        raise KbgenError(Diagnostic(ERROR, "encoding", exc.message, config_path, exc.line, exc.column,
                                    hint="save the file as UTF-8"))
    except OSError as exc:
        raise KbgenError(Diagnostic(ERROR, "read-error", f"cannot read the file: {exc.strerror or exc}", config_path))
    try:
        data, duplicates = yamlutil.load_with_duplicates(text)
    except yamlutil.YamlSyntaxError as exc:
        raise KbgenError(Diagnostic(ERROR, "config-syntax", exc.message, config_path, exc.line, exc.column))
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise KbgenError(Diagnostic(ERROR, "config-type", "kbgen.yaml must be a mapping of settings",
                                    config_path, 1, 1, hint="start with a key such as 'site:'"))

    problems: list[yamlutil.Problem] = list(duplicates)
    top, found = yamlutil.check_mapping(data, TOP_FIELDS)
    problems += found
    sections: dict[str, dict] = {}
    for name, fields in SECTIONS.items():
        sections[name], found = yamlutil.check_mapping(top.get(name) or {}, fields, (name,))
        problems += found

    site = sections["site"]
    for key in ("url",):
        if site.get(key):
            message = _check_url(site[key])
            if message:
                problems.append(yamlutil.Problem(("site", key), f"'site.{key}' {message}"))
    language = site.get("language")
    if language is not None:
        problem = _language_problem(language)
        if problem:
            problems.append(yamlutil.Problem(("site", "language"), f"'site.language' {problem}"))
    languages = _languages(top.get("languages"), problems)
    if languages and language is not None and language != languages[0].code:
        problems.append(yamlutil.Problem(("site", "language"), f"'site.language' is {language!r} but 'languages' starts with "
                                         f"{languages[0].code!r}", "the first of 'languages' is the default: remove site.language"))
    contact = sections["contact"]
    if contact.get("email") and "@" not in contact["email"]:
        problems.append(yamlutil.Problem(("contact", "email"), f"'contact.email' must be an e-mail address, not {contact['email']!r}"))
    if contact.get("url") and not _is_link(contact["url"]):
        problems.append(yamlutil.Problem(("contact", "url"), "'contact.url' must be a full URL (https://...) or a path starting with /"))
    endpoint = sections["feedback"].get("endpoint")
    if endpoint and not _is_link(endpoint):
        problems.append(yamlutil.Problem(("feedback", "endpoint"), "'feedback.endpoint' must be a full URL (https://...) or a path starting with /"))

    def report(problem: yamlutil.Problem, line, column):
        code = {"unknown": "config-unknown-key", "duplicate": "config-duplicate-key"}.get(problem.kind, "config-type")
        add(code, problem.text(), line, column, problem.hint)

    yamlutil.locate_problems(text, problems, 0, report)

    content_dir = project_dir / (top.get("content_dir") or "content")
    if not content_dir.is_dir():
        line, column = yamlutil.position(text, ("content_dir",))
        hint = "create it, or set content_dir: . to build the project folder itself"
        add("config-content-dir", f"content folder '{content_dir.relative_to(project_dir) if content_dir.is_relative_to(project_dir) else content_dir}' does not exist", line, column, hint)

    theme = sections["theme"]
    custom_dir = None
    if theme.get("custom_dir"):
        custom_dir = (project_dir / theme["custom_dir"]).resolve()
        if not custom_dir.is_dir():
            line, column = yamlutil.position(text, ("theme", "custom_dir"))
            add("config-theme", f"theme folder '{theme['custom_dir']}' does not exist", line, column)
    theme_name = theme.get("name") or "default"
    if theme_name not in available_themes():
        line, column = yamlutil.position(text, ("theme", "name"))
        hint = did_you_mean(theme_name, available_themes()) or f"available: {', '.join(available_themes())}"
        add("config-theme", f"no theme named '{theme_name}'", line, column, hint)
    if diagnostics:
        raise KbgenError(sorted(diagnostics, key=Diagnostic.sort_key))

    return Config(
        project_dir=project_dir,
        content_dir=content_dir.resolve(),
        config_path=config_path,
        site=SiteConfig(**{k: v for k, v in site.items() if v is not None},
                        **({"language": languages[0].code} if languages else {})),
        contact=ContactConfig(**contact),
        feedback=FeedbackConfig(**sections["feedback"]),
        theme=ThemeConfig(name=theme_name, custom_dir=custom_dir),
        review=ReviewConfig(**sections["review"]),
        extra=freeze(top.get("extra") or {}),
        languages=languages,
    )


LANGUAGE_FIELDS = {"code": Field("str"), "title": Field("str"), "description": Field("str"), "contact": Field("mapping")}


def _language_problem(code: str) -> str | None:
    if not LANGUAGE_RE.match(code):
        return f"must be a language code such as en, es or pt-BR (BCP 47), not {code!r}"
    problem = check_code(code)
    return f"must be a language code CLDR knows, such as en, es or pt-BR: {code!r} is not one" if problem else None


def _languages(raw: Any, problems: list[yamlutil.Problem]) -> tuple[LanguageConfig, ...]:
    """`languages: [en, es]`, or entries that also set a language's title, description and contact."""
    if raw is None:
        return ()
    if not isinstance(raw, list) or not raw:
        problems.append(yamlutil.Problem(("languages",), "'languages' must be a list of language codes, the default first "
                                         "(languages: [en, es, zh])"))
        return ()
    found: list[LanguageConfig] = []
    seen: set[str] = set()
    for index, entry in enumerate(raw):
        where = ("languages", index)
        values: dict[str, Any] = {}
        if isinstance(entry, dict):
            values, more = yamlutil.check_mapping(entry, LANGUAGE_FIELDS, where)
            problems.extend(more)
            code = values.get("code")
            where = where + ("code",)
            if not code:
                problems.append(yamlutil.Problem(("languages", index), "a language entry needs 'code' (code: es)"))
                continue
        elif isinstance(entry, str):
            code = entry.strip()
        else:
            problems.append(yamlutil.Problem(where, f"a language must be a code such as es, not {yamlutil.type_name(entry)}"))
            continue
        problem = _language_problem(code)
        if problem:
            problems.append(yamlutil.Problem(where, f"language {problem}"))
            continue
        if code.lower() in seen:
            problems.append(yamlutil.Problem(where, f"language {code!r} is listed twice"))
            continue
        seen.add(code.lower())
        contact = None
        if values.get("contact"):
            contact_values, more = yamlutil.check_mapping(values["contact"], CONTACT_FIELDS, where[:2] + ("contact",))
            problems.extend(more)
            contact = ContactConfig(**contact_values)
        found.append(LanguageConfig(code, values.get("title"), values.get("description"), contact))
    return tuple(found)


def _check_url(url: str) -> str | None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return f"must be a full URL starting with https:// (got {url!r})"
    if parts.query or parts.fragment:
        return f"must not have a query or fragment (got {url!r})"
    return None


def _is_link(value: str) -> bool:
    parts = urlsplit(value)
    return value.startswith("/") and not value.startswith("//") or (parts.scheme in ("http", "https") and bool(parts.netloc))


def freeze(value: Any) -> Any:
    """Deep read-only copy of free-form YAML data (`extra:`), so templates cannot change config."""
    if isinstance(value, dict):
        return MappingProxyType({k: freeze(v) for k, v in value.items()})
    if isinstance(value, list):
        return tuple(freeze(v) for v in value)
    return value
