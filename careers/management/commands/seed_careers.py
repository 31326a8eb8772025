"""Load the shipped career content again, e.g. after `flush`; existing rows are kept."""

from django.core.management.base import BaseCommand

from careers.services import content_seed


class Command(BaseCommand):
    help = "Create any missing career content (roles, salaries, skills, paths, FAQ)."

    def handle(self, *args, **options):
        created = content_seed()
        self.stdout.write(self.style.SUCCESS(f"Career content ready ({created} rows created)."))
