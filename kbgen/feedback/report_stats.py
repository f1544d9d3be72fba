"""The arithmetic of the feedback report: Wilson intervals, the "needs work first" score, rates,
and UTC days and weeks as plain day numbers (days since 1970-01-01), so the report reads 100,000
events without building a datetime for each."""
from __future__ import annotations

import datetime as dt
import math

Z = 1.959964  # 95% confidence
DAY = 86400
EPOCH = dt.date(1970, 1, 1)  # a Thursday


def wilson(yes: int, total: int) -> tuple[float, float]:
    """The 95% Wilson score interval of a proportion."""
    if total == 0:
        return 0.0, 1.0
    p = yes / total
    centre = p + Z * Z / (2 * total)
    spread = Z * math.sqrt(p * (1 - p) / total + Z * Z / (4 * total * total))
    denominator = 1 + Z * Z / total
    return max(0.0, (centre - spread) / denominator), min(1.0, (centre + spread) / denominator)


def needs_work_score(no: int, total: int) -> float:
    """wilson_lower(no, total) * log2(1 + total): the share of readers it failed, at least (95%), weighted
    by how many voted. The lower bound keeps three votes from being over-read; the logarithm lets volume
    count (each doubling of the votes adds one) without letting traffic alone outrank a clearly bad answer."""
    return wilson(no, total)[0] * math.log2(1 + total) if total else 0.0


def rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def day_number(day: dt.date) -> int:
    return (day - EPOCH).days


def day_of(received: float) -> int:
    """The UTC day number of a unix timestamp."""
    return int(received // DAY)


def date_of(number: int) -> dt.date:
    return EPOCH + dt.timedelta(days=number)


def week_of(number: int) -> int:
    """The day number of the Monday that starts the (ISO) week of day `number`."""
    return number - (number + 3) % 7
