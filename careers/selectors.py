"""Reads of career content for the pages; each returns a queryset or plain data."""

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from careers.models import (
    EntryRole,
    Language,
    PathPoint,
    Question,
    RealWorldApplication,
    Responsibility,
    Role,
    Skill,
    StudyPath,
    SystemType,
)


def role_list() -> QuerySet[Role]:
    return Role.objects.all()


def responsibility_list() -> QuerySet[Responsibility]:
    return Responsibility.objects.all()


def system_type_list() -> QuerySet[SystemType]:
    return SystemType.objects.all()


def entry_role_list() -> QuerySet[EntryRole]:
    return EntryRole.objects.all()


def skill_list() -> QuerySet[Skill]:
    return Skill.objects.all()


def language_list() -> QuerySet[Language]:
    return Language.objects.all()


def application_list() -> QuerySet[RealWorldApplication]:
    return RealWorldApplication.objects.all()


def question_list() -> QuerySet[Question]:
    return Question.objects.all()


def study_path_list() -> QuerySet[StudyPath]:
    """Paths with their pros and cons, in two queries however many paths there are."""
    return StudyPath.objects.prefetch_related(
        Prefetch("points", queryset=PathPoint.objects.order_by("ordering", "pk"))
    )


@dataclass(frozen=True)
class SalaryBar:
    role: Role
    width_percent: str  # preformatted ("74.2") so template localisation never adds a comma


def salary_bars(*, roles) -> list[SalaryBar]:
    """One bar per role, its length relative to the best-paid role (which fills the track)."""
    roles = list(roles)
    top = max((role.average_salary_usd for role in roles), default=0)
    return [
        SalaryBar(
            role=role,
            width_percent=f"{(role.average_salary_usd / top * 100) if top else 0:.1f}",
        )
        for role in roles
    ]
