"""`koers restore FILE`: a backup back into an empty database (docs/operations.md)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from koers.operations.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = _("Restore a backup into an empty database made with `koers migrate`.")

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("backup", help=_("the .tar.gz file `koers backup` wrote"))

    def handle(self, *args: Any, backup: str, **options: Any) -> None:
        try:
            summary = restore_backup(Path(backup), progress=self.stderr.write)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            _("Restored from %(path)s: %(rows)d rows, %(files)d files.")
            % {"path": backup, "rows": summary.rows, "files": summary.files}
        )
