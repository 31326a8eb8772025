"""Create the demo people, cohorts and lab work through the same services the site uses."""

from django.core.management.base import BaseCommand

from demo.lab_work import seed_labs_demo
from demo.live_sessions import seed_live_demo
from demo.rubric_grading import seed_rubrics_demo
from demo.similarity import seed_similarity_demo
from demo.syllabus import seed_syllabus_demo
from demo.teams import seed_teams_demo
from enrolment.demo import seed_enrolment_demo
from outcomes.demo import seed_outcomes_demo
from security.demo import seed_second_factor_demo
from tuition.demo import seed_tuition_demo


class Command(BaseCommand):
    help = "Seed deterministic demo data (idempotent) and print the demo logins."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=7)

    def handle(self, *args, seed, **options):
        logins = seed_enrolment_demo(seed=seed)
        logins += seed_labs_demo(seed=seed)
        seed_syllabus_demo()  # lessons of every week, prices, application deadlines
        seed_rubrics_demo()  # after the lab work it grades: a rubric, a line comment, released
        # After the lab work: the graduates it completed get their job searches.
        logins += seed_outcomes_demo(seed=seed)
        seed_live_demo()  # live sessions around today, attendance, weekly schedules
        seed_similarity_demo()  # the code lab's similarity check, for the instructor
        seed_tuition_demo()  # prices, a code and a scholarship (payments stay off)
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
