"""What the `koers` commands share."""

from datetime import date

from django.core.management.base import CommandError
from django.utils.translation import gettext as _


def date_option(value: str | None) -> date:
    """The `--date YYYY-MM-DD` option; today when it is not given."""
    if not value:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            _("--date: %(value)r is not a date (YYYY-MM-DD)") % {"value": value}
        ) from None
