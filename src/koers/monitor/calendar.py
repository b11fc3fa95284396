"""When a source publishes: the measurement calendar of docs/status-rules.md.

The GGD health monitor runs every four years (2016, 2020, 2024, ...); CBS publishes yearly
or half-yearly; registrations are continuous. A figure for a period is due some time after
the period ends (the publication lag below); until then an indicator waits for it.
"""

from datetime import date, timedelta

from koers.monitor.periods import period_end

# Step between two periods in months, per frequency; None: no regular rhythm.
STEP_MONTHS = {
    "continuous": 1,
    "monthly": 1,
    "quarterly": 3,
    "half_yearly": 6,
    "yearly": 12,
    "two_yearly": 24,
    "four_yearly": 48,
    "once": None,
    "irregular": None,
    "unknown": None,
}
# Time from the end of a period until its figures are normally published: a survey is
# fielded in the autumn of its year and published the following year.
PUBLICATION_LAG = {
    "continuous": timedelta(days=31),
    "monthly": timedelta(days=31),
    "quarterly": timedelta(days=92),
    "half_yearly": timedelta(days=92),
    "yearly": timedelta(days=183),
    "two_yearly": timedelta(days=365),
    "four_yearly": timedelta(days=365),
}


def wave_years(frequency: str, anchor_year: int | None) -> tuple[int, int] | None:
    """(anchor, step) in years for sources measured in whole years, else None."""
    step = STEP_MONTHS.get(frequency)
    if step is None or step < 12:
        return None
    return (anchor_year if anchor_year is not None else 2000), step // 12


def next_period(frequency: str, anchor_year: int | None, after: str | None) -> str | None:
    """The first period the source measures after `after` (a period string, or None).

    Four-yearly from 2016: after "2016" comes "2020"; yearly after "2021" comes "2022";
    half-yearly after "2021-H2" comes "2022-H1". None when the source has no rhythm.
    """
    step = STEP_MONTHS.get(frequency)
    if step is None:
        return None
    last = period_end(after) if after else None
    if step >= 12:
        anchor, years = wave_years(frequency, anchor_year)  # type: ignore[misc]
        year = anchor if last is None else last.year + 1
        year += (anchor - year) % years
        return str(year)
    if last is None:
        return None
    month = last.month + 1
    year = last.year + (month > 12)
    month = (month - 1) % 12 + 1
    if step == 6:
        return f"{year}-H{1 if month <= 6 else 2}"
    if step == 3:
        return f"{year}-Q{(month - 1) // 3 + 1}"
    return f"{year}-{month:02d}"


def due_date(frequency: str, period: str) -> date:
    """The date by which the figure for `period` is normally published."""
    return period_end(period) + PUBLICATION_LAG.get(frequency, timedelta(days=365))


def next_due(
    frequency: str, anchor_year: int | None, after: str | None, on: date
) -> tuple[str, date] | None:
    """The period expected next and the date it is due.

    After the latest measurement `after` that is simply the following period. Without any
    measurement it is the first period whose figures are not yet due on date `on`.
    """
    if after is not None:
        period = next_period(frequency, anchor_year, after)
        return None if period is None else (period, due_date(frequency, period))
    if wave_years(frequency, anchor_year) is None:
        return None
    period = next_period(frequency, anchor_year, None)
    while period is not None and due_date(frequency, period) < on:
        period = next_period(frequency, anchor_year, period)
    return None if period is None else (period, due_date(frequency, period))
