"""Print the current second-factor code of a demo account (DEBUG only)."""

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from security import demo, twofactor


class Command(BaseCommand):
    help = "Print the current authenticator code of the demo's `admin` or `instructor`."

    def add_arguments(self, parser):
        parser.add_argument("username", help="admin or instructor")
        parser.add_argument(
            "--uri", action="store_true", help="print the otpauth:// address for a phone app too"
        )

    def handle(self, *args, username, uri, **options):
        try:
            device = demo.demo_device(username)
        except PermissionDenied as error:
            raise CommandError(f"Refused: {error}.") from error
        self.stdout.write(demo.current_code(device))
        if uri:
            self.stdout.write(twofactor.otpauth_uri(user=device.user, key=device.key))
