"""Dates as users give and read them: the reporting date (peildatum) of a page or an API
call, and dates in Dutch notation."""

from collections.abc import Mapping
from datetime import date

# The reporting dates Koers judges on: a plan's calendar counts periods forward from its
# figures, and a date centuries away is a typing error, not a question.
EARLIEST = date(1900, 1, 1)
LATEST = date(2199, 12, 31)


def in_range(day: date) -> bool:
    return EARLIEST <= day <= LATEST


def peildatum(params: Mapping[str, str]) -> date:
    """The `?peildatum=YYYY-MM-DD` of a request; today when it is missing, not a date or
    outside the years Koers judges (1900-2199)."""
    try:
        found = date.fromisoformat(params.get("peildatum", ""))
    except ValueError:
        return date.today()
    return found if in_range(found) else date.today()


def dutch_date(value: str | None) -> str:
    """An ISO date or date-time, as stored in report content, as 25-11-2026."""
    if not value:
        return ""
    return date.fromisoformat(value[:10]).strftime("%d-%m-%Y")
