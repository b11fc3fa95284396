"""`koers peer-group FILE.csv --municipality GM0246 --by COLUMN [--by COLUMN] [--names COLUMN]`:
the comparable municipalities as the municipalities a CBS table puts in the same classes."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from koers.imports.peer_classes import ClassesError, same_classes
from koers.monitor.peer_groups import set_peer_group
from koers.plans.models import Municipality


class Command(BaseCommand):
    help = _(
        "Choose a municipality's comparable municipalities from a CBS StatLine table: those "
        "in the same classes (such as size class and urbanity) as the municipality."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--municipality", required=True, help=_("CBS code, such as GM0246"))
        parser.add_argument(
            "--by", action="append", required=True, help=_("a column with a class; repeatable")
        )
        parser.add_argument(
            "--names", default="", help=_("the column with the municipalities' names")
        )
        parser.add_argument("--key", default="RegioS", help=_("the column with the area codes"))
        parser.add_argument("--period", default="", help=_("the period to read (default: newest)"))
        parser.add_argument("--name", default="", help=_("the name of the group"))

    def handle(self, *args, **options) -> None:
        code = options["municipality"].upper()
        municipality = Municipality.objects.filter(cbs_code=code).first()
        if municipality is None:
            raise CommandError(_("Koers has no municipality %(code)s.") % {"code": code})
        path: Path = options["file"]
        try:
            found = same_classes(
                path,
                code,
                options["by"],
                key=options["key"],
                names=options["names"],
                period=options["period"],
            )
        except (OSError, ClassesError) as error:
            raise CommandError(str(error)) from None
        basis = _("same classes as %(name)s in %(file)s (%(period)s): %(classes)s") % {
            "name": municipality.name,
            "file": path.name,
            "period": found.period or "-",
            "classes": ", ".join(f"{c} {v}" for c, v in found.classes.items()),
        }
        try:
            group = set_peer_group(
                None, municipality, found.members, name=options["name"], basis=basis[:300]
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(
            _("%(count)d comparable municipalities for %(name)s: %(basis)s")
            % {"count": group.members.count(), "name": municipality.name, "basis": basis}
        )
