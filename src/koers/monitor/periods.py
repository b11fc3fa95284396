"""Measurement periods, written as text so that a year, a half year, a quarter, a month
and a school year can stand side by side: 2020, 2020-H1, 2020-Q3, 2020-05, 2020/2021.
"""

import re
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

PERIOD_REGEX = r"^[0-9]{4}(-H[12]|-Q[1-4]|-(0[1-9]|1[0-2])|/[0-9]{4})?$"
_PERIOD = re.compile(PERIOD_REGEX)
# The years of koers.dates' reporting dates: the calendar counts periods forward from these.
FIRST_YEAR, LAST_YEAR = 1900, 2199


def validate_period(value: str) -> None:
    """Accept the period formats above and the empty string (no year given)."""
    if value == "":
        return
    if not _PERIOD.match(value):
        raise ValidationError(
            _("'%(value)s' is not a period; use 2020, 2020-H1, 2020-Q3, 2020-05 or 2020/2021."),
            params={"value": value},
        )
    if not FIRST_YEAR <= int(value[:4]) <= LAST_YEAR:
        raise ValidationError(
            _("'%(value)s' lies outside the years %(first)d-%(last)d."),
            params={"value": value, "first": FIRST_YEAR, "last": LAST_YEAR},
        )
    if "/" in value:
        first, second = (int(part) for part in value.split("/"))
        if second != first + 1:
            raise ValidationError(
                _("A school year runs over two successive years, such as 2020/2021."),
            )


def period_bounds(period: str) -> tuple[date, date]:
    """First and last day of a period; a school year runs from 1 August to 31 July."""
    year = int(period[:4])
    rest = period[4:]
    if not rest:
        return date(year, 1, 1), date(year, 12, 31)
    if rest.startswith("/"):
        return date(year, 8, 1), date(year + 1, 7, 31)
    if rest.startswith("-H"):
        half = int(rest[2])
        return (
            (date(year, 1, 1), date(year, 6, 30))
            if half == 1
            else (
                date(year, 7, 1),
                date(year, 12, 31),
            )
        )
    if rest.startswith("-Q"):
        first_month = (int(rest[2]) - 1) * 3 + 1
        start = date(year, first_month, 1)
    else:
        start = date(year, int(rest[1:]), 1)
        first_month = start.month
    months = 3 if rest.startswith("-Q") else 1
    after = first_month + months
    end = date(year + (after > 12), (after - 1) % 12 + 1, 1) - timedelta(days=1)
    return start, end


def period_end(period: str) -> date:
    return period_bounds(period)[1]


def period_middle(period: str) -> date:
    """The middle of a period: where a measurement sits on a time line."""
    start, end = period_bounds(period)
    return start + (end - start) / 2
