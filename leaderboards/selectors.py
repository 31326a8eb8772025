"""Reads for the leaderboards: whose board a user sees, and the board itself.

A board ranks each student's LabResult score (courses.rules), the one every other page
shows: the best public score until late work closes for the cohort, the final result after
it, and a reviewer's override in force when it gives a score. It costs the same queries
whatever the cohort's size: the on/off row, the program's late policies, the cohort's
students with their profiles and join dates, each student's count of entries and the time
of the last, the lab's current reference, and the course rules' other three (extensions,
counted submissions, overrides). No Http404 here: the views
and the API turn a "no" into their own answer.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.utils import timezone

from courses import rules
from courses import selectors as course_selectors
from enrolment.models import Cohort, Enrolment
from labs import access
from labs.models import Lab, Submission
from labs.selectors import current_reference
from leaderboards import ranking
from leaderboards.aliases import alias_for
from leaderboards.models import LeaderboardProfile, LeaderboardSetting
from leaderboards.names import person_names, reference_row_label
from rubrics import selectors as rubric_selectors
from teams import selectors as team_selectors

# The board turns final when late work for the lab closes for the cohort (the cutoff of
# its late policy), the moment the course rules show private scores: before it, a board
# of private results would let students still at work tune against the hidden half.
PUBLIC = "public"  # until the cohort's cutoff: each student's best public score
FINAL = "final"  # after it: each student's final result (courses), private half


def leaderboard_cohort_for(*, user, cohort_id: int | None = None) -> tuple[Cohort | None, bool]:
    """The cohort whose board this user may see, and whether they see it as a reviewer.

    A student sees their own cohort's. Staff and instructors see the cohort they ask for
    among those they may review (labs.access), else the newest of them. (None, False)
    when the user may see no such board.
    """
    own = access.student_cohort(user=user)
    if cohort_id is None and own is not None:
        return own, False
    if own is not None and own.pk == cohort_id:
        return own, False
    visible = access.cohorts_visible_to(user=user).select_related("program")
    if cohort_id is not None:
        visible = visible.filter(pk=cohort_id)
    cohort = visible.order_by("-start_date", "pk").first()
    return (cohort, True) if cohort else (None, False)


def reviewer_cohorts(*, user):
    """The cohorts a reviewer may switch between on a board, newest first."""
    return access.cohorts_visible_to(user=user).order_by("-start_date", "pk")


def is_leaderboard_enabled(*, cohort: Cohort, lab: Lab) -> bool:
    setting = (
        LeaderboardSetting.objects.filter(cohort=cohort, lab=lab)
        .values_list("is_enabled", flat=True)
        .first()
    )
    return setting is not False


def profile_for(*, user) -> LeaderboardProfile:
    """The user's profile, or an unsaved default one (alias, visible)."""
    return LeaderboardProfile.objects.filter(user=user).first() or LeaderboardProfile(user=user)


# Enrolments that put a person on a cohort's boards, now or once the cohort starts.
_IN_THE_COHORT = (*Enrolment.HOLDING_A_PLACE, *Enrolment.WITH_LAB_ACCESS)


def people_a_display_name_could_pass_for(*, user) -> list[tuple[str, tuple[str, ...]]]:
    """(role, their names) of everyone else a student's display name must not copy: the
    staff, every instructor, and the classmates of the student's cohorts (one query).
    Role is "staff", "instructor" or "classmate"; the names are the full name in both
    orders, the username and the email."""
    people = get_user_model().objects.annotate(
        teaches=Exists(Cohort.objects.filter(instructors=OuterRef("pk")))
    )
    wanted = Q(is_staff=True) | Q(is_superuser=True) | Q(teaches=True)
    if user is not None and user.pk is not None:
        own_cohorts = Enrolment.objects.filter(user=user, status__in=_IN_THE_COHORT)
        classmate = Enrolment.objects.filter(
            user=OuterRef("pk"), status__in=_IN_THE_COHORT, cohort__in=own_cohorts.values("cohort")
        )
        people = people.annotate(is_classmate=Exists(classmate)).exclude(pk=user.pk)
        wanted |= Q(is_classmate=True)
    rows = people.filter(wanted).values_list(
        "first_name", "last_name", "username", "email", "is_staff", "is_superuser", "teaches"
    )
    found = []
    for first, last, username, email, is_staff, is_superuser, teaches in rows:
        role = "staff" if is_staff or is_superuser else "instructor" if teaches else "classmate"
        found.append((role, person_names(first, last, username, email)))
    return found


def display_name_for(*, user_id: int, display_name: str | None) -> str:
    return display_name or alias_for(user_id)


@dataclass(frozen=True, slots=True)
class Row:
    rank: int | None  # None: the reference model's row
    name: str
    score: float
    sent_at: datetime.datetime | None
    student_id: int | None = None
    is_viewer: bool = False
    is_hidden: bool = False
    real_name: str = ""  # for reviewers only
    # The score is a reviewer's override (courses.GradeOverride): shown to reviewers and to
    # the student themself, never to classmates (a decision about someone else).
    is_overridden: bool = False
    # As on Kaggle: how many files the student sent for the lab, and when the last one.
    entries: int = 0
    last_sent_at: datetime.datetime | None = None
    team: str = ""  # the student's capstone team in the cohort, where they have one

    @property
    def is_reference(self) -> bool:
        return self.student_id is None


@dataclass
class Leaderboard:
    cohort: Cohort
    lab: Lab
    is_enabled: bool
    is_reviewer: bool
    phase: str
    due_on: datetime.date  # the cohort's due date for the lab
    final_at: datetime.datetime  # the cohort's cutoff: the board turns final then
    metric_label: str
    higher_is_better: bool
    students: int = 0
    rows: list[Row] = field(default_factory=list)  # what this viewer may see, best first
    ranked: int = 0  # students with a rank, hidden ones included
    hidden: int = 0  # ranked students this viewer does not see
    # Once final, students whose own cutoff (an extension, a late join) is still ahead
    # join the final ranking later: reviewers see who and when...
    waiting: list[tuple[str, datetime.datetime]] = field(default_factory=list)
    # ...and such a student sees their own moment here.
    viewer_final_at: datetime.datetime | None = None
    # Graded blind, not released yet: reviewers see pseudonyms (rubrics), never names.
    is_blind: bool = False

    @property
    def is_final(self) -> bool:
        return self.phase == FINAL

    @property
    def viewer_row(self) -> Row | None:
        return next((row for row in self.rows if row.is_viewer), None)


def cohort_leaderboard(
    *, cohort: Cohort, lab: Lab, viewer, is_reviewer: bool, now: datetime.datetime | None = None
) -> Leaderboard:
    """The board of `lab` in `cohort` as `viewer` may see it.

    Ranks count every ranked student, hidden ones included, so a rank is the student's
    true standing; a hidden student is left out for other students (a gap in the ranks)
    but sees their own row. Reviewers see everyone, with their real names.
    """
    now = now or timezone.now()
    higher = lab.dataset.higher_is_better
    due_on = lab.due_on(cohort)
    policies = course_selectors.policies_for(program_id=cohort.program_id)
    tz = timezone.get_current_timezone()
    final_at = rules.deadlines(due_on, policies.for_lab(lab.pk), tz).closes_at
    phase = FINAL if now >= final_at else PUBLIC
    board = Leaderboard(
        cohort=cohort,
        lab=lab,
        is_enabled=is_leaderboard_enabled(cohort=cohort, lab=lab),
        is_reviewer=is_reviewer,
        phase=phase,
        due_on=due_on,
        final_at=final_at,
        metric_label=lab.dataset.metric_label,
        higher_is_better=higher,
    )
    if not board.is_enabled and not is_reviewer:
        return board
    students, seated_at, activity = _students(cohort=cohort, lab=lab)
    if is_reviewer and rubric_selectors.hides_names(lab=lab, cohort=cohort):
        # Graded blind and not yet released: reviewers see the graders' pseudonyms here too.
        board.is_blind = True
        students = {
            student_id: (pseudonym, pseudonym, False)
            for student_id in students
            for pseudonym in [rubric_selectors.pseudonym(lab_id=lab.pk, student_id=student_id)]
        }
    board.students = len(students)
    entries, overridden = _entries(
        board, now=now, students=students, seated_at=seated_at, viewer=viewer, policies=policies
    )
    ranked = ranking.ranked(entries, higher_is_better=higher)
    board.ranked = len(ranked)
    # One query, whatever the class, where the lab is a capstone milestone (lookups).
    is_milestone = getattr(lab, "is_milestone", True)
    teams = team_selectors.team_names_for(cohort=cohort) if is_milestone else {}
    for rank, entry in ranked:
        name, real_name, is_hidden = students[entry.student_id]
        is_viewer = entry.student_id == viewer.pk
        if is_hidden and not (is_reviewer or is_viewer):
            board.hidden += 1
            continue
        board.rows.append(
            Row(
                rank=rank,
                name=name,
                score=entry.score,
                sent_at=entry.sent_at,
                student_id=entry.student_id,
                is_viewer=is_viewer,
                is_hidden=is_hidden,
                real_name=real_name if is_reviewer else "",
                is_overridden=entry.student_id in overridden and (is_reviewer or is_viewer),
                entries=activity.get(entry.student_id, (0, None))[0],
                last_sent_at=activity.get(entry.student_id, (0, None))[1],
                team=teams.get(entry.student_id, ""),
            )
        )
    _add_reference_row(board, lab=lab)
    return board


def _students(*, cohort: Cohort, lab: Lab) -> tuple[dict, dict, dict]:
    """student id -> (display name, real name, hidden) for the cohort's students, student
    id -> when they got their seat (for the course rules' due dates), and student id ->
    (files sent for the lab, when the last one), in one query (the profile is a left join,
    absent for most). Files rejected as unreadable and platform errors are not entries (nor
    charged to the limit)."""
    sent = Submission.objects.filter(
        cohort=cohort, lab=lab, status__in=Submission.CHARGED, student_id=OuterRef("user_id")
    ).order_by()
    rows = (
        course_selectors.with_seated_at(
            Enrolment.objects.filter(cohort=cohort, status__in=Enrolment.WITH_LAB_ACCESS)
        )
        .annotate(
            entries=Subquery(
                sent.values("student_id").annotate(count=Count("pk")).values("count")[:1]
            ),
            last_sent=Subquery(sent.order_by("-created_at").values("created_at")[:1]),
        )
        .values_list(
            "user_id",
            "user__username",
            "user__first_name",
            "user__last_name",
            "user__leaderboard_profile__display_name",
            "user__leaderboard_profile__is_hidden",
            "seated_at",
            "entries",
            "last_sent",
        )
    )
    students, seated_at, activity = {}, {}, {}
    for user_id, username, first, last, display_name, is_hidden, seated, entries, sent_at in rows:
        students[user_id] = (
            display_name_for(user_id=user_id, display_name=display_name),
            f"{first} {last}".strip() or username,
            bool(is_hidden),
        )
        if seated is not None:
            seated_at[user_id] = seated
        if entries:
            activity[user_id] = (entries, sent_at)
    return students, seated_at, activity


def _entries(board: Leaderboard, *, now, students, seated_at, viewer, policies):
    """Each student's LabResult score for the lab (courses), and the ids of those whose score
    is an override's. Until the board is final, every student with a score; after it, those
    whose own cutoff has passed too (the others wait, see Leaderboard.waiting). A tie goes to
    the submission that counts sent earlier, or the override set earlier when no submission
    of theirs has a score. Three queries: the course rules' extensions, counted submissions
    and overrides (the policies and the join dates came with the board's own reads)."""
    results = course_selectors.cohort_results(
        cohort=board.cohort, labs=[board.lab], now=now, policies=policies, seated_at=seated_at
    )
    entries = []
    overridden = set()
    for student_id, (_, real_name, _) in students.items():
        result = results.get(student_id, board.lab)
        if board.is_final and not result.is_final:
            if board.is_reviewer:
                board.waiting.append((real_name, result.closes_at))
            if student_id == viewer.pk:
                board.viewer_final_at = result.closes_at
            continue
        score = result.score
        if score is None:
            continue
        override = result.override
        if override is not None and override.score is not None:
            overridden.add(student_id)
        if result.counted is not None:
            sent_at, submission_id = result.counted.sent_at, result.counted.pk
        else:
            sent_at, submission_id = override.created_at, override.submission_id or 0
        entries.append(ranking.Entry(student_id, score, sent_at, submission_id))
    board.waiting.sort(key=lambda pair: (pair[1], pair[0].lower()))
    return entries, overridden


def _add_reference_row(board: Leaderboard, *, lab: Lab) -> None:
    """The lab's current reference model, placed among the students by its score on the
    same half of the test set (public until the board is final, private after)."""
    reference = current_reference(lab=lab)
    if reference is None:
        return
    score = reference.private_score if board.is_final else reference.public_score
    if score is None:
        return
    place = ranking.reference_place(
        (row.score for row in board.rows), score, higher_is_better=board.higher_is_better
    )
    board.rows.insert(
        place,
        Row(rank=None, name=reference_row_label(reference.pipeline), score=score, sent_at=None),
    )
