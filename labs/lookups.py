"""Request getters for the labs' objects, written once for the web pages and the API.

Each takes the request, applies labs.access's rule and returns the object with the related
rows its caller names (`related=`, for select_related), or refuses. Web and API give the
same answer for the same rule (README, "Who gets 403 and who gets 404"):
- 404 for what does not exist or is someone else's (a submission, a cohort one does not
  teach): a guessed id cannot be told from a missing one;
- 403, with the reason, for a published lab (its name is no secret) when the asker's own
  standing is why not: they are not enrolled in a running cohort.
"""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from enrolment.models import Cohort
from labs import access
from labs.models import Lab, Submission

NOT_ENROLLED = (
    "Labs are open to students enrolled in a running cohort, and yours is not running "
    "(or you have left it). Your account page shows where your application stands."
)


def get_lab_for_student(
    request, slug: str, *, related: Iterable[str] = ("dataset",)
) -> tuple[Lab, Cohort | None]:
    """A published lab and the asker's student cohort (None for a reviewer who studies in
    none): 404 for no such lab, 403 (NOT_ENROLLED) for someone who may open no lab."""
    lab = get_object_or_404(Lab.objects.select_related(*related), slug=slug, is_published=True)
    cohort = access.student_cohort(user=request.user)
    if not access.can_open_labs(request.user, cohort=cohort):
        raise PermissionDenied(NOT_ENROLLED)
    return lab, cohort


def get_submission_for_user(
    request, pk: int, *, related: Iterable[str] = ("lab", "student", "cohort__program")
) -> Submission:
    """A submission its student, or a reviewer of its cohort, may see; else 404."""
    submission = get_object_or_404(Submission.objects.select_related(*related), pk=pk)
    if not access.can_see_submission(request.user, submission):
        raise Http404("No such submission.")
    return submission


def get_submission_for_reviewer(
    request, pk: int, *, related: Iterable[str] = ("lab", "cohort")
) -> Submission:
    """A submission whose cohort this user teaches (staff: any); its own student gets the
    same 404 as everyone else."""
    submission = get_object_or_404(Submission.objects.select_related(*related), pk=pk)
    if not access.can_review_submission(request.user, submission):
        raise Http404("No such submission.")
    return submission


def get_cohort_for_reviewer(
    request, cohort_id: int, *, related: Iterable[str] = ("program",)
) -> Cohort:
    """The cohort if this user is staff or teaches it; 404 for everyone else."""
    cohorts = access.cohorts_visible_to(user=request.user).select_related(*related)
    return get_object_or_404(cohorts, pk=cohort_id)
