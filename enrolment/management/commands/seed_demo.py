"""Create the demo people, cohorts and lab work through the same services the site uses."""

from django.core.management.base import BaseCommand

from enrolment.demo import seed_enrolment_demo
from labs.demo import seed_labs_demo


class Command(BaseCommand):
    help = "Seed deterministic demo data (idempotent) and print the demo logins."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=7)

    def handle(self, *args, seed, **options):
        logins = seed_enrolment_demo(seed=seed)
        logins += seed_labs_demo(seed=seed)

        self.stdout.write(self.style.SUCCESS("Demo data is ready. Demo logins:"))
        for role, username, password in logins:
            self.stdout.write(f"  {role:<12} {username:<12} password: {password}")
