"""Create the demo people, cohorts and lab work through the same services the site uses."""

from django.core.management.base import BaseCommand

from demo.lab_work import seed_labs_demo
from demo.teams import seed_teams_demo
from enrolment.demo import seed_enrolment_demo
from outcomes.demo import seed_outcomes_demo
from security.demo import seed_second_factor_demo


class Command(BaseCommand):
    help = "Seed deterministic demo data (idempotent) and print the demo logins."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=7)

    def handle(self, *args, seed, **options):
        logins = seed_enrolment_demo(seed=seed)
        logins += seed_labs_demo(seed=seed)
        # After the lab work: the graduates it completed get their job searches.
        logins += seed_outcomes_demo(seed=seed)
        logins += seed_teams_demo(seed=seed)  # the team capstone of the running cohort

        self.stdout.write(self.style.SUCCESS("Demo data is ready. Demo logins:"))
        for role, username, password in logins:
            self.stdout.write(f"  {role:<12} {username:<12} password: {password}")
        # Staff and instructors need a second factor: the demo's get an authenticator whose
        # current code a command prints (security/demo.py).
        for username in seed_second_factor_demo():
            self.stdout.write(
                f"  {username} also asks for a code: "
                f"DJANGO_DEBUG=1 .venv/bin/python manage.py demo_totp_code {username}"
            )
