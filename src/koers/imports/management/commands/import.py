import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from koers.imports.loader import DocumentError, load_document
from koers.monitor.models import Area, Source
from koers.plans.models import Framework, Municipality, Partner


class Command(BaseCommand):
    help = "Restore a JSON document written by 'koers export' into an empty database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=["json"], default="json")
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options) -> None:
        if any(
            model.objects.exists() for model in (Municipality, Framework, Area, Source, Partner)
        ):
            raise CommandError(
                _("The database is not empty: 'koers import' restores into an empty database.")
            )
        try:
            document = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(
                _("%(file)s: cannot be read: %(error)s") % {"file": file, "error": error}
            ) from None
        except json.JSONDecodeError as error:
            raise CommandError(
                _("%(file)s: not valid JSON at line %(line)s, column %(column)s: %(error)s")
                % {"file": file, "line": error.lineno, "column": error.colno, "error": error.msg}
            ) from None
        if not isinstance(document, dict):
            raise CommandError(_("%(file)s: expected a JSON object at the top") % {"file": file})
        try:
            counts = load_document(document, origin=str(file), change_reason="koers import")
        except DocumentError as error:
            raise CommandError(str(error)) from None
        total = sum(counts.values())
        self.stdout.write(
            _("Restored from %(file)s: %(count)s items.") % {"file": file, "count": total}
        )
