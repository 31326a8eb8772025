"""Demo data for the run command: the built-in curriculum and graded work for the dashboards."""

from courses.models import CompletionRule
from demo.submissions import seed_demo_submissions
from enrolment.demo import demo_finished_cohort
from labs.models import Submission
from labs.services.curriculum import curriculum_install

# The demo's graduates leave the code lab out (a laptop may have no code sandbox), so the
# demo asks for 10 of the 12 labs; staff change it in the admin (Completion rules).
DEMO_COMPLETION_SHARE = 0.8


def seed_labs_demo(*, seed: int) -> list[tuple[str, str, str]]:
    curriculum_install()
    finished = demo_finished_cohort()
    if finished is not None and not Submission.objects.filter(cohort=finished).exists():
        # Set once, as the demo is first seeded: a later run leaves staff's choice alone.
        CompletionRule.objects.filter(program=finished.program).update(
            min_share_passed=DEMO_COMPLETION_SHARE
        )
    seed_demo_submissions(seed=seed, finished_cohort=finished)
    return []
