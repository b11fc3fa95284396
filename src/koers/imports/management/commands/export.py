import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from koers.imports.exporter import export_json


class Command(BaseCommand):
    help = "Write the whole database as one JSON document (docs/export-format.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=["json"], default="json")
        parser.add_argument(
            "-o", "--output", type=Path, help="File to write; standard output when left out."
        )

    def handle(self, *args, output: Path | None, **options) -> None:
        text = export_json()
        if output is None:
            sys.stdout.write(text)
        else:
            output.write_text(text, encoding="utf-8")
            self.stderr.write(_("Written: %(file)s") % {"file": output})
