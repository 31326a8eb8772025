"""The grade override rows themselves, for the pages that list or show them (the submission
page's override and its history, the gradebook's student page, the regrade warning).

What an override does to a result is not read here: the LabResult (`results`) carries the
override in force, and every reader of a result reads that.
"""

from django.db.models import QuerySet

from courses.models import GradeOverride


def override_for(*, student, lab, cohort=None) -> GradeOverride | None:
    """The override in force for this student's lab (in this cohort, if given)."""
    overrides = GradeOverride.objects.filter(student=student, lab=lab, revoked_at__isnull=True)
    if cohort is not None:
        overrides = overrides.filter(cohort=cohort)
    return overrides.select_related("created_by").first()


def student_overrides(*, cohort, student) -> list[GradeOverride]:
    """The overrides in force for one student of a cohort, with who set them and their labs,
    in the labs' order (one query)."""
    overrides = GradeOverride.objects.filter(
        cohort=cohort, student=student, revoked_at__isnull=True
    ).select_related("created_by", "lab")
    return sorted(overrides, key=lambda o: (o.lab.week, o.lab.title))


def override_history(*, student, lab, cohort) -> QuerySet[GradeOverride]:
    """Every override of this student's lab, newest first, with who set and revoked it."""
    return GradeOverride.objects.filter(student=student, lab=lab, cohort=cohort).select_related(
        "created_by", "revoked_by"
    )
