"""`koers report`: write a progress report in one format; optionally publish it first."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from koers.commands import date_option
from koers.plans.models import Framework, Programme
from koers.reports.content import ScopeError
from koers.reports.formats import FORMATS, render
from koers.reports.models import Report
from koers.reports.publishing import live_content, report_file
from koers.reports.services import create_report, publish_report


def _find(model: Any, value: str, what: str) -> Any:
    """A framework or programme by number or by (part of) its title."""
    if value.isdigit():
        found = model.objects.filter(pk=int(value)).first()
    else:
        matches = list(model.objects.filter(title__iexact=value)) or list(
            model.objects.filter(title__icontains=value)
        )
        if len(matches) > 1:
            raise CommandError(
                _("--%(what)s %(value)r matches several: %(titles)s")
                % {"what": what, "value": value, "titles": "; ".join(m.title for m in matches)}
            )
        found = matches[0] if matches else None
    if found is None:
        raise CommandError(_("--%(what)s %(value)r: not found") % {"what": what, "value": value})
    return found


class Command(BaseCommand):
    help = _(
        "Write the progress report of a programme or framework as PDF, Word, Excel, HTML, "
        "CSV or JSON."
    )

    def add_arguments(self, parser) -> None:
        scope = parser.add_mutually_exclusive_group(required=True)
        scope.add_argument("--programme", help=_("programme number or title"))
        scope.add_argument("--framework", help=_("framework number or title"))
        scope.add_argument("--report", type=int, help=_("number of a stored report"))
        parser.add_argument("--date", help=_("reporting date, YYYY-MM-DD (default: today)"))
        parser.add_argument("--format", required=True, choices=sorted(FORMATS))
        parser.add_argument("-o", "--output", required=True, help=_("file to write"))
        parser.add_argument(
            "--publish",
            action="store_true",
            help=_("publish the report first, so that it is frozen and listed"),
        )
        parser.add_argument("--language", default="nl", choices=["nl", "en"])

    def handle(self, *args, **options) -> None:
        code = options["format"]
        with translation.override(options["language"]):
            data = self._render(options, code)
        path = Path(options["output"])
        path.write_bytes(data)
        self.stdout.write(_("Wrote %(path)s (%(size)d bytes).") % {"path": path, "size": len(data)})

    def _render(self, options: dict, code: str) -> bytes:
        if options["report"] is not None:
            report = Report.objects.filter(pk=options["report"]).first()
            if report is None:
                raise CommandError(_("No report with number %(id)s.") % {"id": options["report"]})
            return report_file(report, code)
        on = date_option(options["date"])
        if options["programme"]:
            programme = _find(Programme, options["programme"], "programme")
            framework = programme.framework
        else:
            programme, framework = None, _find(Framework, options["framework"], "framework")
        framework_id, programme_id = framework.pk, programme.pk if programme else None
        try:
            if options["publish"]:
                # The operator at the command line acts for every theme (user None).
                report = create_report(None, framework, programme, on)
                return report_file(publish_report(None, report), code)
            return render(live_content(framework_id, programme_id, on), code)
        except ScopeError as error:
            raise CommandError(str(error)) from None
