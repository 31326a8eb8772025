"""Demo data for the run command: the built-in curriculum and graded work for the dashboards."""

from labs.demo_submissions import seed_demo_submissions
from labs.services.curriculum import curriculum_install


def seed_labs_demo(*, seed: int) -> list[tuple[str, str, str]]:
    curriculum_install()
    seed_demo_submissions(seed=seed)
    return []
