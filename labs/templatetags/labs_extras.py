"""Small template helpers for lab feedback (and whose it is), and the navbar's access rule."""

from django import template

from labs import access

register = template.Library()


@register.filter
def index(sequence, position):
    try:
        return sequence[position]
    except (IndexError, KeyError, TypeError):
        return ""


# Names of the grader's error summary (labs/grading/grade.py) as a reader expects them.
ERROR_NAMES = {
    "mae": "Mean absolute error (MAE)",
    "rmse": "Root mean squared error (RMSE)",
    "bias": "Bias (mean of prediction minus truth)",
    "median_abs_error": "Median absolute error",
    "p90_abs_error": "90th percentile of the absolute error",
    "max_abs_error": "Largest absolute error",
}


@register.filter
def humanize_key(key: str) -> str:
    return ERROR_NAMES.get(str(key)) or str(key).replace("_", " ").capitalize()


@register.simple_tag(takes_context=True)
def student_name(context, submission) -> str:
    """The student's name as a grader reads it on a submission's page: the first name, or
    the username when there is none; while the lab is graded blind (the view sets
    `is_blind` and the pseudonym as `student_label`, rubrics), the pseudonym."""
    if context.get("is_blind"):
        return context["student_label"]
    student = submission.student
    return student.first_name or student.username


@register.simple_tag(takes_context=True)
def whose(context, submission, capital=False) -> str:
    """Whose work a submission's page describes, as the one looking at it reads it.

    The student reads "your" ("Your" with `capital`); an instructor or staff reads the
    student's name ("Sofia's", student_name).
    """
    viewer = context.get("user")
    if viewer is not None and viewer.pk == submission.student_id:
        return "Your" if capital else "your"
    return f"{student_name(context, submission)}'s"


@register.filter
def can_review_labs(user) -> bool:
    """Staff and instructors: the navbar shows them the gradebook (labs.access)."""
    return access.can_review_labs(user)


@register.simple_tag
def navbar_sections(user) -> dict:
    """What the navbar offers: a student's dashboard and labs, a reviewer's labs and gradebook.

    One query for a signed-in non-staff user, as the reviewer check alone took; a withdrawn
    or waitlisted student is offered neither the dashboard nor the labs they cannot open.
    """
    if not user.is_authenticated:
        return {"studies": False, "reviews": False}
    if user.is_staff:
        return {"studies": False, "reviews": True}
    return access.navbar_roles(user=user)
