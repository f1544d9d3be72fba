"""YAML for writers: fast loading, and line numbers for whatever turns out to be wrong.

Loading uses libyaml's C loader when PyYAML has it. Positions are only looked up
(by composing the node tree) when a problem needs reporting, so the common case of
valid front matter in 10,000 articles pays for one parse each.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

import yaml

from .errors import did_you_mean

if TYPE_CHECKING:
    from .errors import Reporter

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class SafeLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """The safe loader, except that an impossible date (2026-13-40) stays text for validation to report."""


def _timestamp(loader, node):
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


SafeLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


class YamlSyntaxError(Exception):
    def __init__(self, message: str, line: int | None, column: int | None):
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


def load(text: str) -> Any:
    """Parse YAML text; raise YamlSyntaxError with a 1-based line and column."""
    try:
        return yaml.load(text, Loader=SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        if mark is None:
            raise YamlSyntaxError(f"invalid YAML: {problem}", None, None) from None
        raise YamlSyntaxError(f"invalid YAML: {problem}", mark.line + 1, mark.column + 1) from None
    except (yaml.YAMLError, ValueError, RecursionError) as exc:
        raise YamlSyntaxError(f"invalid YAML: {exc}", None, None) from None


def position(text: str, path: tuple, of_key: bool = False) -> tuple[int | None, int | None]:
    """1-based (line, column) of the value at `path` (or of its key), or (None, None)."""
    try:
        node = yaml.compose(text, Loader=SafeLoader)
    except yaml.YAMLError:
        return None, None
    found = None
    for step in path:
        found = None
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if key_node.value == step:
                    found, node = (key_node if of_key else value_node), value_node
                    break
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
            node = found = node.value[step]
        if found is None:
            return None, None
    if found is None:
        return None, None
    return found.start_mark.line + 1, found.start_mark.column + 1


@dataclass(frozen=True)
class Field:
    """What one key of a YAML mapping may hold."""

    kind: str  # str, text, int, bool, date, str_list, choice, mapping
    choices: tuple[str, ...] = ()
    minimum: int | None = None


@dataclass(frozen=True)
class Problem:
    path: tuple
    message: str
    hint: str | None = None
    unknown_key: bool = False
    at_key: bool = False


def check_mapping(data: dict, fields: dict[str, Field], prefix: tuple = ()) -> tuple[dict, list[Problem]]:
    """Validate a mapping against `fields`; return the converted values and every problem found."""
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    for key, raw in data.items():
        path = prefix + (key,)
        if not isinstance(key, str) or key not in fields:
            name = prefix_name(path)
            problems.append(Problem(path, f"unknown key '{name}'", did_you_mean(str(key), fields), True, True))
            continue
        try:
            values[key] = convert(raw, fields[key])
        except ValueError as exc:
            problems.append(Problem(path, f"'{prefix_name(path)}' {exc}"))
    return values, problems


def prefix_name(path: tuple) -> str:
    return ".".join(str(p) for p in path)


def convert(raw: Any, field: Field) -> Any:
    kind = field.kind
    if kind in ("str", "text"):
        if raw is None:
            return None
        if isinstance(raw, bool):
            raise ValueError(f"must be text, not the yes/no value {str(raw).lower()} (put it in quotes)")
        if isinstance(raw, (str, int, float, dt.date)):
            text = str(raw).strip() if kind == "str" else str(raw)
            return text
        raise ValueError(f"must be text, not {type_name(raw)}")
    if kind == "int":
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise ValueError(f"must be a whole number, not {type_name(raw)}")
        if field.minimum is not None and raw < field.minimum:
            raise ValueError(f"must be at least {field.minimum}")
        return raw
    if kind == "bool":
        if not isinstance(raw, bool):
            raise ValueError(f"must be true or false, not {type_name(raw)}")
        return raw
    if kind == "date":
        if isinstance(raw, dt.datetime):
            return raw.date()
        if isinstance(raw, dt.date):
            return raw
        if isinstance(raw, str):
            try:
                return dt.date.fromisoformat(raw.strip())
            except ValueError:
                pass
        raise ValueError(f"must be a date written YYYY-MM-DD, not {raw!r}")
    if kind == "str_list":
        if raw is None:
            return ()
        items = [raw] if isinstance(raw, (str, int, float)) and not isinstance(raw, bool) else raw
        if not isinstance(items, list):
            raise ValueError(f"must be a list of text items, not {type_name(raw)}")
        out = []
        for item in items:
            if isinstance(item, bool) or not isinstance(item, (str, int, float)):
                raise ValueError(f"must be a list of text items, but holds {type_name(item)}")
            text = str(item).strip()
            if text:
                out.append(text)
        return tuple(out)
    if kind == "choice":
        if raw not in field.choices:
            raise ValueError(f"must be one of {', '.join(field.choices)}, not {raw!r}")
        return raw
    if kind == "mapping":
        if raw is None:
            return {}
        if not isinstance(raw, dict):
            raise ValueError(f"must be a mapping of keys to values, not {type_name(raw)}")
        return raw
    raise AssertionError(f"unknown field kind {kind}")


def type_name(value: Any) -> str:
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int):
        return f"the number {value}"
    if isinstance(value, float):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text {value!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    return type(value).__name__


ReportFn = Callable[[Problem, int | None, int | None], None]


def locate_problems(text: str, problems: list[Problem], line_offset: int, report: ReportFn) -> None:
    """Look up where each problem sits in `text` and hand it to `report` with absolute lines."""
    for problem in problems:
        line, column = position(text, problem.path, of_key=problem.at_key)
        report(problem, None if line is None else line + line_offset, column)


def report_key_problems(reporter: "Reporter", path: Path, text: str, line_offset: int, problems: list[Problem],
                        fields: dict[str, Field], prefix: str) -> int:
    """Report problems of a writer's YAML (front matter, category file): unknown keys warn
    (`PREFIX-unknown-key`), wrong values are errors (`PREFIX-type`). Returns the error count."""
    errors = 0

    def report(problem: Problem, line, column):
        nonlocal errors
        if problem.unknown_key:
            reporter.warning(f"{prefix}-unknown-key", problem.message, path, line, column,
                             problem.hint or "known keys: " + ", ".join(fields))
        else:
            reporter.error(f"{prefix}-type", problem.message, path, line, column)
            errors += 1

    locate_problems(text, problems, line_offset, report)
    return errors
