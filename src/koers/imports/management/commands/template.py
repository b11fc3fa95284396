"""`koers template -o FILE.csv|FILE.xlsx`: the measurement template."""

from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from koers.imports.measurements import write_template


class Command(BaseCommand):
    help = _("Write the template for importing measurements (CSV or Excel, by extension).")

    def add_arguments(self, parser) -> None:
        parser.add_argument("-o", "--output", type=Path, default=Path("metingen.xlsx"))

    def handle(self, *args, **options) -> None:
        write_template(options["output"])
        self.stdout.write(_("Template written to %(file)s") % {"file": options["output"]})
