"""`koers backup -o FILE`: everything Koers holds, in one archive (docs/operations.md)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from koers.operations.backup import write_backup


class Command(BaseCommand):
    help = _("Write a backup of the whole database and the uploaded files.")

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("-o", "--output", required=True, help=_("the .tar.gz file to write"))

    def handle(self, *args: Any, output: str, **options: Any) -> None:
        summary = write_backup(Path(output), progress=self.stderr.write)
        self.stdout.write(
            _("%(path)s written: %(rows)d rows, %(files)d files.")
            % {"path": output, "rows": summary.rows, "files": summary.files}
        )
