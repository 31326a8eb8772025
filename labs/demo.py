"""Demo data for the run command: the built-in curriculum (references trained by the worker)."""

from labs.services import curriculum_install


def seed_labs_demo(*, seed: int) -> list[tuple[str, str, str]]:
    curriculum_install()
    return []
