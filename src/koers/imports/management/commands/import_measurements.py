"""`koers import-measurements FILE [--mapping MAP.yaml] [--replace] [--dry-run]`."""

import gc
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from koers.imports.measurements import ImportFailed, Report, import_file


class Command(BaseCommand):
    help = _(
        "Import measurements from Koers's template (CSV or Excel) or, with --mapping, "
        "from a CBS StatLine TypedDataSet CSV. All rows or none."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--mapping", type=Path, help=_("YAML file mapping CBS columns to indicators")
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help=_("replace figures already stored for the same indicator, area and period"),
        )
        parser.add_argument(
            "--dry-run", action="store_true", help=_("show what would change, write nothing")
        )

    def handle(self, *args, **options) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(_("%(file)s: no such file") % {"file": path})
        # Django and the apps, loaded by now, live as long as the command: frozen, the full
        # garbage collections that a file's many rows cause no longer walk them (a fifth of
        # the time of a large import; docs/performance.md).
        gc.freeze()
        try:
            report = import_file(
                path,
                mapping=options["mapping"],
                dry_run=options["dry_run"],
                replace=options["replace"],
            )
        except ImportFailed as failed:
            lines = [str(problem) for problem in failed.errors]
            if failed.total > len(failed.errors):
                lines.append(
                    _("... and %(count)d more") % {"count": failed.total - len(failed.errors)}
                )
            lines.append(_("Nothing was imported."))
            raise CommandError("\n".join(lines)) from None
        self.stdout.write(summary(report))
        for line in report.skipped:
            self.stdout.write(f"  {line}")


def summary(report: Report) -> str:
    text = _(
        "%(file)s: %(rows)d rows; %(created)d new, %(updated)d changed, %(unchanged)d "
        "unchanged, %(kept)d provisional figures not applied over final ones, %(skipped)d "
        "skipped."
    ) % {
        "file": report.file,
        "rows": report.rows,
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "kept": report.kept_final,
        "skipped": report.skipped_count,
    }
    if report.dry_run:
        text += " " + _("Dry run: nothing was written.")
    return text
