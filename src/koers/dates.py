"""Dates as users give and read them: the reporting date (peildatum) of a page or an API
call, and dates in Dutch notation."""

from collections.abc import Mapping
from datetime import date


def peildatum(params: Mapping[str, str]) -> date:
    """The `?peildatum=YYYY-MM-DD` of a request; today when it is missing or not a date."""
    try:
        return date.fromisoformat(params.get("peildatum", ""))
    except ValueError:
        return date.today()


def dutch_date(value: str | None) -> str:
    """An ISO date or date-time, as stored in report content, as 25-11-2026."""
    if not value:
        return ""
    return date.fromisoformat(value[:10]).strftime("%d-%m-%Y")
