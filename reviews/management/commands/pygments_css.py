"""Write static/css/pygments.css, the colours of highlighted code (CSP: no inline styles)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from reviews.viewer import stylesheet

TARGET = Path(settings.BASE_DIR) / "static" / "css" / "pygments.css"


class Command(BaseCommand):
    help = "Write static/css/pygments.css from Pygments (--check: fail if it is out of date)."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="only compare, write nothing")

    def handle(self, *args, check=False, **options):
        wanted = stylesheet()
        current = TARGET.read_text() if TARGET.exists() else ""
        if check:
            if current != wanted:
                raise CommandError(f"{TARGET} is out of date: run manage.py pygments_css")
            self.stdout.write("pygments.css is up to date")
            return
        TARGET.write_text(wanted)
        self.stdout.write(f"wrote {TARGET}")
