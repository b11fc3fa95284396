"""`koers send-reminders`: sends today's reminders (docs/reminders.md); run it once a day
from cron or a systemd timer. Running it twice sends nothing twice."""

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from koers.reminders.services import send_reminders


class Command(BaseCommand):
    help = _("Send every person one e-mail with their reminders that are due.")

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--on",
            help=_("the date to send for, as YYYY-MM-DD (default: today)"),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            on = date.fromisoformat(options["on"]) if options["on"] else None
        except ValueError as error:
            raise CommandError(_("--on: not a date like 2026-12-01")) from error
        outcome = send_reminders(on)
        self.stdout.write(
            _("%(mails)s e-mails sent with %(items)s reminders.")
            % {"mails": outcome.sent, "items": outcome.items}
        )
        if outcome.failed:
            raise CommandError(
                _("Not sent (tried again at the next run): %(addresses)s")
                % {"addresses": ", ".join(outcome.failed)}
            )
