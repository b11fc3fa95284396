"""`koers read-iv3 FILE.pdf [-o FILE.yaml] [--install]`: read an edition of the Iv3 list of
taakvelden from the ministry's Iv3-informatievoorschrift."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from koers.budgets import iv3
from koers.budgets.models import Taakveld, TaakveldList
from koers.imports.document import DocumentError, pdf_text


class Command(BaseCommand):
    help = _(
        "Read the list of taakvelden from an Iv3-informatievoorschrift (PDF) into a data file, "
        "and with --install into the database."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("pdf", type=Path)
        parser.add_argument("-o", "--output", type=Path, help=_("the data file to write"))
        parser.add_argument("--install", action="store_true", help=_("store the list"))

    def handle(self, *args, **options) -> None:
        path: Path = options["pdf"]
        try:
            found = iv3.read_list(pdf_text(path.read_bytes()).text, source=path.name)
        except (OSError, DocumentError, iv3.Iv3Error) as error:
            raise CommandError(f"{path}: {error}") from None
        output = options["output"] or iv3.LISTS / f"iv3-{found.year}.yaml"
        iv3.write_file(found, output)
        self.stdout.write(
            _("%(count)d taakvelden of Iv3 %(year)s (version %(version)s) written to %(file)s")
            % {
                "count": len(found.taakvelden),
                "year": found.year,
                "version": found.version,
                "file": output,
            }
        )
        if options["install"]:
            with transaction.atomic():
                _stored, added = iv3.install(found, TaakveldList, Taakveld)
            self.stdout.write(_("%(added)d taakvelden added to the database") % {"added": added})
