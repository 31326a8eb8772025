"""What a student's capstone page and the API's /capstone both show: the milestones with
the student's own result (the course rules' LabResult, a teammate's work credited), their
team with its history, the team's submissions and notes, invitations, the demo schedule."""

from dataclasses import dataclass, field

from courses import selectors as course_selectors
from teams import selectors
from teams.models import Capstone, ContributionNote, DemoSlot, Membership, Milestone, Team


@dataclass
class CapstoneOverview:
    capstone: Capstone
    cohort: object
    milestones: list[tuple[Milestone, object]]  # (milestone, the student's LabResult)
    team: Team | None
    invitations: list[Membership]
    schedule: list[DemoSlot]
    submissions: list = field(default_factory=list)
    notes: list[ContributionNote] = field(default_factory=list)


def student_capstone(*, user, cohort, capstone: Capstone) -> CapstoneOverview:
    milestones = selectors.milestones_of(capstone=capstone)
    results = course_selectors.student_results(
        student=user, cohort=cohort, labs=[m.lab for m in milestones]
    )
    membership = selectors.active_membership(user=user, capstone=capstone)
    team = selectors.team_with_members(team_id=membership.team_id) if membership else None
    overview = CapstoneOverview(
        capstone=capstone,
        cohort=cohort,
        milestones=[(m, results[m.lab_id]) for m in milestones],
        team=team,
        invitations=selectors.invitations_for(user=user, capstone=capstone),
        schedule=selectors.demo_schedule(cohort=cohort),
    )
    if team is not None:
        overview.submissions = selectors.team_submissions(team=team, milestones=milestones)
        overview.notes = list(
            ContributionNote.objects.filter(team=team).select_related(
                "member", "written_by", "milestone"
            )
        )
    return overview
