"""The report as JSON: `Report.to_dict()`, with nothing in it a terminal would act on."""
from __future__ import annotations

import json

from .report_model import Report
from .report_text import json_safe


def as_json(report: Report) -> str:
    return json_safe(json.dumps(report.to_dict(), ensure_ascii=False, indent=1)) + "\n"
