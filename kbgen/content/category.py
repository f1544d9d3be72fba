"""Read a category's `_category.yaml`: title, description, order, icon."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from .. import yamlutil
from ..errors import Reporter
from ..project_files import read_text
from ..yamlutil import Field

FIELDS = {
    "title": Field("str"),
    "description": Field("str"),
    "order": Field("int"),
    "icon": Field("str"),
}


def read_category_file(path: Path, reporter: Reporter) -> dict[str, Any]:
    """The validated values; problems go to `reporter` (unknown keys warn, wrong values are errors)."""
    text = read_text(path, reporter)
    if text is None:
        return {}
    try:
        data, duplicates = yamlutil.load_with_duplicates(text)
    except yamlutil.YamlSyntaxError as exc:
        reporter.error("category-syntax", exc.message, path, exc.line, exc.column)
        return {}
    if data is None:
        return {}
    if not isinstance(data, dict):
        reporter.error("category-syntax", "_category.yaml must be 'key: value' lines", path, 1, 1,
                       hint="keys: " + ", ".join(FIELDS))
        return {}
    values, problems = yamlutil.check_mapping(data, FIELDS)
    problems = duplicates + problems
    yamlutil.report_key_problems(reporter, path, text, 0, problems, FIELDS, "category")
    return values
