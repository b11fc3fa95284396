from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from koers.imports.datafiles import DEMO_DATA, read_data_dir
from koers.imports.generate import generate_municipalities
from koers.imports.loader import DocumentError, load_document
from koers.imports.scale import scale_document

DEMO_ADMIN = ("admin", "koers-demo")


class Command(BaseCommand):
    help = "Load the Heerde plan from data/heerde/ (running it again changes nothing)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--data", type=Path, default=DEMO_DATA, help="Directory with the plan's data files."
        )
        parser.add_argument(
            "--demo-admin",
            action="store_true",
            help="Also create the demo administrator (development only).",
        )
        parser.add_argument(
            "--municipalities",
            type=int,
            default=1,
            help="Add generated municipalities, each with a copy of the plan and ten years of "
            "figures, until there are this many (for benchmarks at the size of the country).",
        )
        parser.add_argument(
            "--scale",
            type=int,
            default=1,
            help="Load the plan this many times over, under new numbers (for benchmarks).",
        )

    def handle(
        self, *args, data: Path, demo_admin: bool, scale: int, municipalities: int, **options
    ) -> None:
        try:
            document = read_data_dir(data)
            if scale > 1:
                document = scale_document(document, scale)
            counts = load_document(document, origin=str(data), change_reason="koers load-demo")
        except DocumentError as error:
            raise CommandError(str(error)) from None
        if counts:
            for label, count in sorted(counts.items()):
                self.stdout.write(f"{label}: {count}")
        else:
            self.stdout.write(_("Nothing changed: the data was loaded already."))
        if municipalities > 1:
            made = generate_municipalities(municipalities)
            self.stdout.write(_("%(count)d municipalities generated.") % {"count": made})
        if demo_admin:
            self._demo_admin()

    def _demo_admin(self) -> None:
        if not settings.DEVELOPMENT:
            raise CommandError(_("The demo administrator exists only in development."))
        username, password = DEMO_ADMIN
        user_model = get_user_model()
        if not user_model.objects.filter(username=username).exists():
            user_model.objects.create_superuser(username, "", password)
        self.stdout.write(
            self.style.SUCCESS(
                _("Demo administrator: user name '%(user)s', password '%(password)s'")
                % {"user": username, "password": password}
            )
        )
