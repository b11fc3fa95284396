import base64

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from koers.accounts.services import add_authenticator


class Command(BaseCommand):
    help = _(
        "Give a local administrator a new authenticator-app device for the admin's second "
        "factor (replaces the one they had) and print what the app needs."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: object, username: str, **options: object) -> None:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(_("No user %(username)r.") % {"username": username})
        device = add_authenticator(user)
        secret = base64.b32encode(device.bin_key).decode()
        self.stdout.write(_("Scan or type this into the authenticator app:"))
        self.stdout.write(device.config_url)
        self.stdout.write(_("Key to type in by hand: %(secret)s") % {"secret": secret})
