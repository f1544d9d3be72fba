"""YAML for writers: fast loading, bounded work, and line numbers for whatever turns out to be wrong.

Loading uses libyaml's C loader when PyYAML has it. Positions are only looked up
(by composing the node tree once) when a problem needs reporting, so the common case of
valid front matter in 10,000 articles pays for one parse each.

The loading policy, the same for kbgen.yaml, front matter, category files and theme strings:
- a document that expands (through aliases) to more than `MAX_VALUES` values, or whose
  aliases refer to themselves, is refused before anything walks it ("billion laughs");
- a key written twice in one mapping is reported with both lines (YAML would keep the last
  one silently);
- a character YAML does not allow (control characters) is reported at its line and column.
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
MAX_VALUES = 100_000  # front matter has tens; a whole kbgen.yaml hundreds
MAX_REPORTED_UNKNOWN_KEYS = 10  # per file; the rest are counted in one more warning
_MERGE_TAG = "tag:yaml.org,2002:merge"


class YamlSyntaxError(Exception):
    def __init__(self, message: str, line: int | None, column: int | None):
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


@dataclass(frozen=True)
class Problem:
    path: tuple
    message: str
    hint: str | None = None
    kind: str = "type"  # type (a wrong value), unknown (key), duplicate (key)
    at_key: bool = False
    line: int | None = None  # known already (duplicates); else looked up from `path`
    column: int | None = None
    also_at: int | None = None  # a duplicate key's first line

    def text(self, line_offset: int = 0) -> str:
        if self.also_at is None:
            return self.message
        return f"{self.message} (also at line {self.also_at + line_offset}); only this last one counts"

    @property
    def unknown_key(self) -> bool:
        return self.kind == "unknown"


class SafeLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """The safe loader with kbgen's policy: bounded expansion, duplicate keys recorded, and an
    impossible date (2026-13-40) kept as text for validation to report."""

    def __init__(self, stream):
        super().__init__(stream)
        self.duplicates: list[Problem] = []

    def construct_document(self, node):
        _check_expansion(node)
        return super().construct_document(node)

    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):
            seen: dict[tuple[str, str], int] = {}
            for key_node, _ in node.value:
                if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == _MERGE_TAG:
                    continue
                key = (key_node.tag, key_node.value)
                line = key_node.start_mark.line + 1
                if key in seen:
                    self.duplicates.append(Problem((), f"duplicate key '{key_node.value}'", "remove one of them", kind="duplicate",
                                                   line=line, column=key_node.start_mark.column + 1, also_at=seen[key]))
                else:
                    seen[key] = line
        return super().construct_mapping(node, deep)


def _timestamp(loader, node):
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


SafeLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


def _children(node) -> list:
    if isinstance(node, yaml.SequenceNode):
        return node.value
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _check_expansion(root) -> None:
    """Refuse a node graph that refers to itself or expands to more than MAX_VALUES values.

    An alias is the very node it names, so sizes are memoised per node: linear in the text."""
    if root is None:
        return
    sizes: dict[int, int] = {}
    open_nodes = {id(root)}
    stack = [(root, iter(_children(root)))]
    while stack:
        node, pending = stack[-1]
        child = next(pending, None)
        if child is None:
            stack.pop()
            open_nodes.discard(id(node))
            size = 1 + sum(sizes[id(c)] for c in _children(node))
            if size > MAX_VALUES:
                mark = node.start_mark
                raise YamlSyntaxError(f"invalid YAML: its aliases expand to more than {MAX_VALUES:,} values",
                                      mark.line + 1, mark.column + 1)
            sizes[id(node)] = size
        elif id(child) in open_nodes:
            mark = child.start_mark
            raise YamlSyntaxError("invalid YAML: an alias refers to the value that contains it", mark.line + 1, mark.column + 1)
        elif id(child) not in sizes:
            open_nodes.add(id(child))
            stack.append((child, iter(_children(child))))


def load(text: str) -> Any:
    """Parse YAML text; raise YamlSyntaxError with a 1-based line and column."""
    return load_with_duplicates(text)[0]


def load_with_duplicates(text: str) -> tuple[Any, list[Problem]]:
    """The data and every key written twice (as problems with their lines)."""
    loader = SafeLoader(text)
    try:
        return loader.get_single_data(), loader.duplicates
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        if mark is None:
            raise YamlSyntaxError(f"invalid YAML: {problem}", None, None) from None
        raise YamlSyntaxError(f"invalid YAML: {problem}", mark.line + 1, mark.column + 1) from None
    except yaml.reader.ReaderError as exc:
        line, column = line_and_column(text, exc.position)
        raise YamlSyntaxError(f"invalid YAML: character U+{exc.character if isinstance(exc.character, int) else ord(exc.character):04X} "
                              "is not allowed (a control character)", line, column) from None
    except (yaml.YAMLError, ValueError, RecursionError) as exc:
        raise YamlSyntaxError(f"invalid YAML: {exc}", None, None) from None
    finally:
        loader.dispose()


def line_and_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    offset = max(0, min(offset, len(text)))
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def position(text: str, path: tuple, of_key: bool = False) -> tuple[int | None, int | None]:
    """1-based (line, column) of the value at `path` (or of its key), or (None, None)."""
    return positions(text, [(path, of_key)])[0]


def positions(text: str, paths: list[tuple[tuple, bool]]) -> list[tuple[int | None, int | None]]:
    """`position` for many paths, composing the text once (thousands of problems stay linear)."""
    loader = SafeLoader(text)
    try:
        root = loader.get_single_node()
    except yaml.YAMLError:
        return [(None, None)] * len(paths)
    finally:
        loader.dispose()
    index: dict[int, dict] = {}
    return [_find(loader, root, path, of_key, index) for path, of_key in paths]


def _find(loader, node, path: tuple, of_key: bool, index: dict) -> tuple[int | None, int | None]:
    found = None
    for step in path:
        found = None
        if isinstance(node, yaml.MappingNode):
            keys = index.get(id(node))
            if keys is None:
                keys = index[id(node)] = _key_index(loader, node)
            pair = keys.get(_hashable(step))
            if pair is not None:
                key_node, value_node = pair
                found, node = (key_node if of_key else value_node), value_node
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
            node = found = node.value[step]
        elif isinstance(node, yaml.ScalarNode) and step == 0:
            found = node  # `aliases: /old` is a list of one
        if found is None:
            return None, None
    if found is None:
        return None, None
    return found.start_mark.line + 1, found.start_mark.column + 1


def _key_index(loader, node) -> dict:
    """A mapping node's keys as YAML reads them (`1`, `2024-01-01`, `yes` are not text): the last wins."""
    keys: dict = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            continue
        try:
            key = loader.construct_object(key_node)
        except (yaml.YAMLError, ValueError, TypeError):
            key = key_node.value
        keys[_hashable(key)] = (key_node, value_node)
    return keys


def _hashable(value: Any) -> Any:
    return (type(value).__name__, value) if isinstance(value, (bool, int, float)) else value


@dataclass(frozen=True)
class Field:
    """What one key of a YAML mapping may hold."""

    kind: str  # str, text, int, bool, date, str_list, choice, mapping, any
    choices: tuple[str, ...] = ()
    minimum: int | None = None


def check_mapping(data: dict, fields: dict[str, Field], prefix: tuple = ()) -> tuple[dict, list[Problem]]:
    """Validate a mapping against `fields`; return the converted values and every problem found."""
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    for key, raw in data.items():
        path = prefix + (key,)
        if not isinstance(key, str) or key not in fields:
            name = prefix_name(path)
            read_as = "" if isinstance(key, str) else f" (YAML reads it as {type_name(key)}; quote it to make it a name)"
            problems.append(Problem(path, f"unknown key '{name}'{read_as}", did_you_mean(str(key), fields), "unknown", True))
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
    if kind == "any":
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
    lookups = [p for p in problems if p.line is None]
    found = dict(zip(map(id, lookups), positions(text, [(p.path, p.at_key) for p in lookups]))) if lookups else {}
    for problem in problems:
        line, column = (problem.line, problem.column) if problem.line is not None else found[id(problem)]
        report(problem, None if line is None else line + line_offset, column)


def report_key_problems(reporter: "Reporter", path: Path, text: str, line_offset: int, problems: list[Problem],
                        fields: dict[str, Field], prefix: str) -> int:
    """Report problems of a writer's YAML (front matter, category file): unknown and duplicate
    keys warn (`PREFIX-unknown-key`, `PREFIX-duplicate-key`), wrong values are errors
    (`PREFIX-type`). Past MAX_REPORTED_UNKNOWN_KEYS unknown keys, one warning counts the rest.
    Returns the error count."""
    errors = 0
    unknown = [p for p in problems if p.kind == "unknown"]
    shown = [p for p in problems if p.kind != "unknown"] + unknown[:MAX_REPORTED_UNKNOWN_KEYS]

    def report(problem: Problem, line, column):
        nonlocal errors
        if problem.kind == "unknown":
            reporter.warning(f"{prefix}-unknown-key", problem.message, path, line, column,
                             problem.hint or "known keys: " + ", ".join(fields))
        elif problem.kind == "duplicate":
            reporter.warning(f"{prefix}-duplicate-key", problem.text(line_offset), path, line, column, problem.hint)
        else:
            reporter.error(f"{prefix}-type", problem.message, path, line, column)
            errors += 1

    locate_problems(text, shown, line_offset, report)
    if len(unknown) > MAX_REPORTED_UNKNOWN_KEYS:
        first = unknown[MAX_REPORTED_UNKNOWN_KEYS]
        line, column = positions(text, [(first.path, True)])[0]
        reporter.warning(f"{prefix}-unknown-key", f"and {len(unknown) - MAX_REPORTED_UNKNOWN_KEYS:,} more unknown keys",
                         path, None if line is None else line + line_offset, column, "known keys: " + ", ".join(fields))
    return errors
