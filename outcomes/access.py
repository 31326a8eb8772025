"""Who may do what with outcomes: career staff (a Django group, or staff) run the job-search
records and the pipeline; they have no instructor's powers (grading stays with
labs.access.can_review_labs, which knows nothing of this group)."""

from django.contrib.auth.models import Group

CAREER_STAFF_GROUP = "Career staff"


def career_staff_group() -> Group:
    group, _ = Group.objects.get_or_create(name=CAREER_STAFF_GROUP)
    return group


def is_career_staff(user) -> bool:
    return user.is_authenticated and (
        user.is_staff or user.groups.filter(name=CAREER_STAFF_GROUP).exists()
    )


def can_see_record(user, record) -> bool:
    """The graduate whose record it is, career staff and staff."""
    return user.is_authenticated and (record.enrolment.user_id == user.pk or is_career_staff(user))
