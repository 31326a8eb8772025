"""Who may read the locked half of the syllabus (lesson bodies, resources), and when.

Week titles, summaries, lesson titles and the labs are public. A lesson's body and a week's
resources are for students of a cohort (labs.access.student_cohort: enrolled or completed)
once that week has opened in their cohort, by the labs' own calendar; reviewers (staff and
instructors) read every week. Everyone else reads the public syllabus only.
"""

import datetime

from labs import access as lab_access
from labs.models import curriculum_week_opens_on


def reader_cohort(*, user):
    """(may read lessons, the cohort whose calendar applies: None for a reviewer)."""
    if not user.is_authenticated:
        return False, None
    cohort = lab_access.student_cohort(user=user)
    return lab_access.can_open_labs(user, cohort=cohort), cohort


def is_week_open(*, week: int, cohort, today: datetime.date) -> bool:
    """Whether syllabus week `week` has begun in `cohort` (a reviewer's None: always)."""
    return cohort is None or curriculum_week_opens_on(week, cohort) <= today
