"""Who may see what in labs: the cohorts a user reviews, the labs they open, and when.

Every view, dashboard, export and task asks these functions; none repeats the rules.
They read the database but never raise Http404: the request getters beside the views
turn a "no" into a 404.
"""

import datetime

from django.db.models import QuerySet
from django.utils import timezone

from enrolment import selectors as enrolment_selectors
from enrolment.models import Cohort, Enrolment
from labs.models import Lab, Submission
from security import twofactor


def cohorts_visible_to(*, user) -> QuerySet[Cohort]:
    """The cohorts this user may review: staff all, instructors those they teach."""
    if not user.is_authenticated:
        return Cohort.objects.none()
    if user.is_staff:
        return Cohort.objects.all()
    return Cohort.objects.filter(instructors=user)


def can_review_labs(user) -> bool:
    """Staff and instructors may open every lab without being enrolled."""
    return enrolment_selectors.is_staff_or_instructor(user)


def navbar_roles(*, user) -> dict[str, bool]:
    """For a signed-in non-staff user: do they study (labs open to them as an enrolled
    student) and do they review (teach a cohort)? The same rules as student_cohort and
    can_review_labs, read in the one query the second-factor wall asks on the same request
    (security.twofactor.account_roles)."""
    roles = twofactor.account_roles(user)
    return {"studies": roles["studies"], "reviews": roles["teaches"]}


def student_enrolment(*, user, enrolments: QuerySet[Enrolment] | None = None) -> Enrolment | None:
    """The enrolment whose cohort's labs this user works on: their newest enrolled (or
    completed) one, with its cohort and program. A caller that needs more from the same row
    passes `enrolments` (such as courses.selectors.enrolments_with_standing(...))."""
    if not user.is_authenticated:
        return None
    if enrolments is None:
        enrolments = Enrolment.objects.all()
    return (
        enrolments.filter(user=user, status__in=Enrolment.WITH_LAB_ACCESS)
        .select_related("cohort__program")
        .order_by("-cohort__start_date")
        .first()
    )


def student_cohort(*, user) -> Cohort | None:
    """The cohort whose labs this user works on (student_enrolment's)."""
    enrolment = student_enrolment(user=user)
    return enrolment.cohort if enrolment else None


def can_open_labs(user, *, cohort: Cohort | None) -> bool:
    """A student of a cohort (`cohort`, from student_cohort) or a reviewer."""
    return cohort is not None or can_review_labs(user)


def is_lab_open(*, lab: Lab, cohort: Cohort | None, today: datetime.date | None = None) -> bool:
    """Whether the lab can be worked on: published, and its week has come in this cohort.

    `cohort=None` is a reviewer (staff or an instructor) who is not a student: no
    calendar applies to them, so every published lab is open.
    """
    if not lab.is_published:
        return False
    if cohort is None:
        return True
    today = today or timezone.localdate()
    return lab.opens_on(cohort) <= today


def can_review_submission(user, submission: Submission) -> bool:
    """Staff, or an instructor of the cohort the submission was made in."""
    if submission.cohort_id is None:
        return user.is_staff  # made outside any cohort: nobody teaches it
    return cohorts_visible_to(user=user).filter(pk=submission.cohort_id).exists()


def can_see_submission(user, submission: Submission) -> bool:
    """Its owner, and whoever may review it."""
    return submission.student_id == user.pk or can_review_submission(user, submission)
