"""What the `koers` commands share."""

from datetime import date

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from koers.dates import EARLIEST, LATEST, in_range


def date_option(value: str | None) -> date:
    """The `--date YYYY-MM-DD` option; today when it is not given."""
    if not value:
        return date.today()
    try:
        found = date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            _("--date: %(value)r is not a date (YYYY-MM-DD)") % {"value": value}
        ) from None
    if not in_range(found):
        raise CommandError(
            _("--date: %(value)s is outside the years %(first)d-%(last)d")
            % {"value": value, "first": EARLIEST.year, "last": LATEST.year}
        )
    return found
