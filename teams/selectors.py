"""Reads of the team capstone: credits for the course rules, a student's team, a cohort's
teams, invitations and the demo-day schedule. No Http404 here (see teams.views)."""

from collections import defaultdict
from collections.abc import Collection

from django.db.models import Prefetch, QuerySet

from courses.credits import Credit
from labs.models import Submission
from rubrics.models import RubricGrade
from teams.models import Capstone, ContributionNote, DemoSlot, Membership, Milestone, Team

# Who was in a team at some time: the rows with a joined_at.
_HAS_BEEN_MEMBER = (Membership.Status.ACTIVE, Membership.Status.LEFT)


def credits(*, cohort, lab_ids: Collection[int], student_ids: Collection[int] | None) -> list:
    """The course rules' credits (courses.credits) for a cohort's milestone labs, in one
    query: a submission a member sent for a milestone counts for each teammate who was a
    member when it was sent, from the team's approval on.

    So a member who left keeps what the team handed in while they were in it, and nothing
    sent after they left; a member who joined late gets what is sent from their joining on.
    """
    rows = (
        Membership.objects.filter(
            team__cohort=cohort,
            team__approved_at__isnull=False,
            status__in=_HAS_BEEN_MEMBER,
            capstone__milestones__lab_id__in=list(lab_ids),
        )
        .values_list(
            "team_id",
            "user_id",
            "joined_at",
            "left_at",
            "team__approved_at",
            "capstone__milestones__lab_id",
        )
        .order_by()
    )
    by_team_lab = defaultdict(list)
    for team_id, user_id, joined_at, left_at, approved_at, lab_id in rows:
        by_team_lab[(team_id, lab_id)].append((user_id, max(joined_at, approved_at), left_at))
    wanted = None if student_ids is None else set(student_ids)
    found = []
    for (_team, lab_id), members in by_team_lab.items():
        for student_id, student_since, student_until in members:
            if wanted is not None and student_id not in wanted:
                continue
            for author_id, author_since, author_until in members:
                if author_id == student_id:
                    continue
                until = _earliest(student_until, author_until)
                since = max(student_since, author_since)
                if until is None or since < until:
                    found.append(Credit(student_id, author_id, lab_id, since, until))
    return found


def _earliest(first, second):
    if first is None or second is None:
        return first or second
    return min(first, second)


def capstones() -> QuerySet[Capstone]:
    return Capstone.objects.order_by("pk")


def milestones_of(*, capstone: Capstone) -> list[Milestone]:
    return list(capstone.milestones.select_related("lab__dataset"))


def _with_members(teams: QuerySet[Team]) -> QuerySet[Team]:
    return teams.prefetch_related(
        Prefetch(
            "memberships",
            queryset=Membership.objects.select_related("user").order_by("created_at", "pk"),
        )
    )


def active_membership(*, user, capstone: Capstone) -> Membership | None:
    """The user's place in a team of this capstone (proposed or approved), or None."""
    return (
        Membership.objects.filter(user=user, capstone=capstone, status=Membership.Status.ACTIVE)
        .select_related("team")
        .first()
    )


def team_with_members(*, team_id: int) -> Team | None:
    return _with_members(Team.objects.filter(pk=team_id).select_related("cohort")).first()


def invitations_for(*, user, capstone: Capstone) -> list[Membership]:
    return list(
        Membership.objects.filter(
            user=user, capstone=capstone, status=Membership.Status.INVITED
        ).select_related("team", "invited_by")
    )


def open_invitation(*, user, pk: int) -> Membership | None:
    """An invitation addressed to this user and not yet answered."""
    return (
        Membership.objects.filter(pk=pk, user=user, status=Membership.Status.INVITED)
        .select_related("team")
        .first()
    )


def cohort_teams(*, capstone: Capstone, cohort) -> list[Team]:
    """The cohort's teams, disbanded ones last, each with its whole membership history."""
    teams = Team.objects.filter(capstone=capstone, cohort=cohort).select_related("demo_slot")
    return sorted(_with_members(teams), key=lambda team: (team.status == "disbanded", team.name))


def team_names_for(*, cohort, student_ids: Collection[int] | None = None) -> dict[int, str]:
    """user id -> the name of their team in the cohort (proposed or approved), one query:
    what the gradebook, the leaderboard and the dashboard show beside a student."""
    rows = Membership.objects.filter(team__cohort=cohort, status=Membership.Status.ACTIVE).exclude(
        team__status=Team.Status.DISBANDED
    )
    if student_ids is not None:
        rows = rows.filter(user_id__in=list(student_ids))
    return dict(rows.order_by("team__capstone_id").values_list("user_id", "team__name"))


def demo_schedule(*, cohort) -> list[DemoSlot]:
    """The cohort's demo-day slots, in time order, with their teams."""
    return list(
        DemoSlot.objects.filter(cohort=cohort)
        .exclude(team__status=Team.Status.DISBANDED)
        .select_related("team")
    )


def team_submissions(*, team: Team, milestones: list[Milestone]):
    """What the team's members sent for the milestones while they were members, newest
    first: the team's own list (no other team's work, no member's work from before or
    after their time in the team)."""
    spans = [m for m in team.memberships.all() if m.status in _HAS_BEEN_MEMBER]
    if not spans or not milestones:
        return []
    submissions = (
        Submission.objects.filter(
            cohort_id=team.cohort_id,
            lab_id__in=[m.lab_id for m in milestones],
            student_id__in={m.user_id for m in spans},
        )
        .select_related("student", "lab")
        .order_by("-created_at", "-pk")
    )
    return [
        s
        for s in submissions
        if any(
            m.user_id == s.student_id
            and m.joined_at <= s.created_at
            and (m.left_at is None or s.created_at < m.left_at)
            for m in spans
        )
    ]


def may_read_team_work(*, user, submission) -> bool:
    """Whether `user` may read `submission` as their team's milestone work (its released
    rubric feedback and line comments; reviews and the API ask): the submission's author
    was a member of a team when they sent it, for a milestone of that team's capstone, and
    the user is a member of that team now or was one when it was sent. One query.

    Never another team's work, nor what the author sent outside their time in the team."""
    if submission.cohort_id is None or user.pk == submission.student_id:
        return False
    rows = Membership.objects.filter(
        team__cohort_id=submission.cohort_id,
        user_id__in=[user.pk, submission.student_id],
        status__in=_HAS_BEEN_MEMBER,
        capstone__milestones__lab_id=submission.lab_id,
    ).values_list("team_id", "user_id", "status", "joined_at", "left_at")
    sent = submission.created_at

    def covers(joined_at, left_at) -> bool:
        return joined_at is not None and joined_at <= sent and (left_at is None or sent < left_at)

    rows = list(rows)
    authored = {
        team
        for team, who, _status, joined, left in rows
        if who == submission.student_id and covers(joined, left)
    }
    return any(
        team in authored and (status == Membership.Status.ACTIVE or covers(joined, left))
        for team, who, status, joined, left in rows
        if who == user.pk
    )


def team_rubric_grade(*, user, lab, cohort) -> RubricGrade | None:
    """The rubric grade of a teammate, given on team work of this milestone that the user
    may read (may_read_team_work), newest first; None when there is none. The caller checks
    the release, as for the user's own grade."""
    their_teams = Membership.objects.filter(
        user=user, team__cohort=cohort, status__in=_HAS_BEEN_MEMBER
    ).values("team_id")
    teammates = (
        Membership.objects.filter(team_id__in=their_teams, status__in=_HAS_BEEN_MEMBER)
        .exclude(user=user)
        .values("user_id")
    )
    grades = (
        RubricGrade.objects.filter(lab=lab, cohort=cohort, student_id__in=teammates)
        .select_related("submission", "graded_by")
        .prefetch_related("marks__item")
        .order_by("-graded_at", "-pk")
    )
    for grade in grades:
        if may_read_team_work(user=user, submission=grade.submission):
            return grade
    return None


def personal_rows(*, user) -> list[dict]:
    """The person's capstone teams, for their data export (privacy): each membership with
    its dates, and the notes written about their contributions."""
    notes = defaultdict(list)
    for note in ContributionNote.objects.filter(member=user).select_related("milestone"):
        notes[note.team_id].append(
            {
                "milestone": note.milestone.kind,
                "note": note.note,
                "written_at": _iso(note.created_at),
            }
        )
    return [
        {
            "team": m.team.name,
            "capstone": m.team.capstone.title,
            "status": m.status,
            "invited_at": _iso(m.created_at),
            "joined_at": _iso(m.joined_at),
            "left_at": _iso(m.left_at),
            "contributions": notes.get(m.team_id, []),
        }
        for m in Membership.objects.filter(user=user).select_related("team__capstone")
    ]


def _iso(value):
    return value.isoformat() if value else None
