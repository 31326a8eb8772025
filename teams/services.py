"""Everything that writes in the team capstone: forming teams (an instructor's, or a
student's proposal and invitations), answering, approving, joining and leaving, notes on
contributions and the demo-day schedule.

Rules held here, with a clear message each: a team has MIN_TEAM_SIZE to MAX_TEAM_SIZE
members (invitations waiting count against the maximum), everyone in it is a student of the
team's cohort, and a student is in at most one team per capstone (the database holds that
too). A team's row is locked while its size is checked, so two acceptances at once cannot
make it five. Membership rows are never deleted: leaving sets left_at.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from enrolment.models import Enrolment
from teams.models import (
    MAX_TEAM_SIZE,
    MIN_TEAM_SIZE,
    Capstone,
    ContributionNote,
    DemoSlot,
    Membership,
    Milestone,
    Team,
)

ACTIVE = Membership.Status.ACTIVE
INVITED = Membership.Status.INVITED


class TeamError(ValidationError):
    """A team change refused, with the message to show."""


def _is_student_of(user, cohort) -> bool:
    return Enrolment.objects.filter(
        user=user, cohort=cohort, status__in=Enrolment.WITH_LAB_ACCESS
    ).exists()


def _check_free(user, capstone: Capstone, *, ignoring: Team | None = None) -> None:
    taken = Membership.objects.filter(user=user, capstone=capstone, status=ACTIVE)
    if ignoring is not None:
        taken = taken.exclude(team=ignoring)
    if taken.exists():
        name = user.get_full_name() or user.username
        raise TeamError(f"{name} is already in a team for {capstone}.")


def _locked(team: Team) -> Team:
    return Team.objects.select_for_update().get(pk=team.pk)


def _count(team: Team, *statuses) -> int:
    return team.memberships.filter(status__in=statuses).count()


def _check_open(team: Team) -> None:
    if team.status == Team.Status.DISBANDED:
        raise TeamError("This team was disbanded.")


def _join(team: Team, user, *, now, invited_by=None) -> Membership:
    try:
        with transaction.atomic():
            return Membership.objects.create(
                team=team,
                capstone_id=team.capstone_id,
                user=user,
                status=ACTIVE,
                invited_by=invited_by,
                created_at=now,
                joined_at=now,
            )
    except IntegrityError as error:
        raise TeamError(f"{user.username} is already in a team for this capstone.") from error


@transaction.atomic
def team_propose(*, student, capstone: Capstone, cohort, name: str, now=None) -> Team:
    """A student starts a team (waiting for approval) with themself as its first member."""
    now = now or timezone.now()
    name = name.strip()
    if not name:
        raise TeamError("Give the team a name.")
    if not _is_student_of(student, cohort):
        raise TeamError("Only a student of the cohort can start a team in it.")
    _check_free(student, capstone)
    _check_name_free(capstone, cohort, name)
    team = Team.objects.create(
        capstone=capstone, cohort=cohort, name=name, created_by=student, created_at=now
    )
    _join(team, student, now=now)
    return team


def _check_name_free(capstone, cohort, name, *, ignoring=None) -> None:
    taken = Team.objects.filter(capstone=capstone, cohort=cohort, name__iexact=name).exclude(
        status=Team.Status.DISBANDED
    )
    if ignoring is not None:
        taken = taken.exclude(pk=ignoring.pk)
    if taken.exists():
        raise TeamError(f"A team called {name} already exists in this cohort.")


@transaction.atomic
def team_form(*, capstone: Capstone, cohort, name: str, members: list, actor, now=None) -> Team:
    """An instructor forms a team of MIN_TEAM_SIZE to MAX_TEAM_SIZE students: approved at once."""
    now = now or timezone.now()
    name = name.strip()
    members = list(dict.fromkeys(members))
    team_form_check(capstone=capstone, cohort=cohort, name=name, members=members)
    team = Team.objects.create(
        capstone=capstone,
        cohort=cohort,
        name=name,
        status=Team.Status.APPROVED,
        created_by=actor,
        created_at=now,
        approved_by=actor,
        approved_at=now,
    )
    for member in members:
        _join(team, member, now=now, invited_by=actor)
    return team


def team_form_check(*, capstone: Capstone, cohort, name: str, members: list) -> None:
    """Why an instructor's team could not be formed (TeamError), before anything is written:
    the page and the admin's form ask first."""
    if not name.strip():
        raise TeamError("Give the team a name.")
    members = list(dict.fromkeys(members))
    if not MIN_TEAM_SIZE <= len(members) <= MAX_TEAM_SIZE:
        raise TeamError(
            f"A team has {MIN_TEAM_SIZE} to {MAX_TEAM_SIZE} members; {len(members)} chosen."
        )
    for member in members:
        if not _is_student_of(member, cohort):
            raise TeamError(f"{member.username} is not a student of {cohort}.")
        _check_free(member, capstone)
    _check_name_free(capstone, cohort, name.strip())


@transaction.atomic
def member_invite(*, team: Team, invitee, actor, now=None) -> Membership:
    """A member invites a classmate; the invitation waits for their answer."""
    now = now or timezone.now()
    team = _locked(team)
    _check_open(team)
    if not team.memberships.filter(user=actor, status=ACTIVE).exists():
        raise TeamError("Only a member of the team can invite to it.")
    if invitee.pk == actor.pk:
        raise TeamError("You are in this team already.")
    if not _is_student_of(invitee, team.cohort):
        raise TeamError(f"{invitee.username} is not a student of your cohort.")
    if team.memberships.filter(user=invitee, status=INVITED).exists():
        raise TeamError(f"{invitee.username} has been invited already.")
    _check_free(invitee, team.capstone)
    if _count(team, ACTIVE, INVITED) >= MAX_TEAM_SIZE:
        raise TeamError(
            f"A team has at most {MAX_TEAM_SIZE} members, invitations waiting included."
        )
    return Membership.objects.create(
        team=team,
        capstone_id=team.capstone_id,
        user=invitee,
        status=INVITED,
        invited_by=actor,
        created_at=now,
    )


@transaction.atomic
def invitation_accept(*, membership: Membership, user, now=None) -> Membership:
    now = now or timezone.now()
    team = _locked(membership.team)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.user_id != user.pk or membership.status != INVITED:
        raise TeamError("This invitation is no longer open.")
    _check_open(team)
    _check_free(user, team.capstone)
    if _count(team, ACTIVE) >= MAX_TEAM_SIZE:
        raise TeamError(f"This team is full: a team has at most {MAX_TEAM_SIZE} members.")
    membership.status = ACTIVE
    membership.joined_at = membership.answered_at = now
    membership.save(update_fields=["status", "joined_at", "answered_at"])
    # The other invitations for this capstone lapse: a student is in one team.
    Membership.objects.filter(user=user, capstone_id=team.capstone_id, status=INVITED).update(
        status=Membership.Status.DECLINED, answered_at=now
    )
    return membership


@transaction.atomic
def invitation_decline(*, membership: Membership, user, now=None) -> Membership:
    now = now or timezone.now()
    updated = Membership.objects.filter(pk=membership.pk, user=user, status=INVITED).update(
        status=Membership.Status.DECLINED, answered_at=now
    )
    if not updated:
        raise TeamError("This invitation is no longer open.")
    membership.refresh_from_db()
    return membership


@transaction.atomic
def team_approve(*, team: Team, actor, now=None) -> Team:
    """An instructor approves a proposed team of MIN_TEAM_SIZE to MAX_TEAM_SIZE members; its
    milestones count for every member from now on."""
    now = now or timezone.now()
    team = _locked(team)
    if team.status != Team.Status.PROPOSED:
        raise TeamError("Only a team waiting for approval can be approved.")
    size = _count(team, ACTIVE)
    if not MIN_TEAM_SIZE <= size <= MAX_TEAM_SIZE:
        raise TeamError(
            f"A team needs {MIN_TEAM_SIZE} to {MAX_TEAM_SIZE} members to be approved; "
            f"{team.name} has {size}."
        )
    team.status = Team.Status.APPROVED
    team.approved_by, team.approved_at = actor, now
    team.save(update_fields=["status", "approved_by", "approved_at"])
    return team


@transaction.atomic
def member_add(*, team: Team, user, actor, now=None) -> Membership:
    """An instructor adds a student to a team (a late joiner: credited from now on)."""
    now = now or timezone.now()
    team = _locked(team)
    _check_open(team)
    if not _is_student_of(user, team.cohort):
        raise TeamError(f"{user.username} is not a student of {team.cohort}.")
    _check_free(user, team.capstone)
    if _count(team, ACTIVE) >= MAX_TEAM_SIZE:
        raise TeamError(f"This team is full: a team has at most {MAX_TEAM_SIZE} members.")
    Membership.objects.filter(team=team, user=user, status=INVITED).update(
        status=Membership.Status.DECLINED, answered_at=now
    )
    return _join(team, user, now=now, invited_by=actor)


@transaction.atomic
def member_leave(*, membership: Membership, now=None) -> Membership:
    """A member leaves (or an instructor takes them out): the row stays with its left_at.
    They keep credit for what the team sent while they were in it; a proposed team left
    empty is disbanded."""
    now = now or timezone.now()
    team = _locked(membership.team)
    updated = Membership.objects.filter(pk=membership.pk, status=ACTIVE).update(
        status=Membership.Status.LEFT, left_at=now
    )
    if not updated:
        raise TeamError("You are not a member of this team any more.")
    if not _count(team, ACTIVE):
        team_disband(team=team, now=now)
    membership.refresh_from_db()
    return membership


@transaction.atomic
def team_disband(*, team: Team, now=None) -> Team:
    """The team ends: everyone leaves (keeping their credit) and open invitations lapse."""
    now = now or timezone.now()
    team.memberships.filter(status=ACTIVE).update(status=Membership.Status.LEFT, left_at=now)
    team.memberships.filter(status=INVITED).update(
        status=Membership.Status.DECLINED, answered_at=now
    )
    Team.objects.filter(pk=team.pk).update(status=Team.Status.DISBANDED)
    team.status = Team.Status.DISBANDED
    return team


def contribution_note_add(
    *, team: Team, milestone: Milestone, member, note: str, author, now=None
) -> ContributionNote:
    """A note on what one member did for a milestone, by a teammate or an instructor."""
    note = note.strip()
    if not note:
        raise TeamError("Write what they did.")
    if milestone.capstone_id != team.capstone_id:
        raise TeamError("That milestone is not this team's.")
    if not team.memberships.filter(user=member, status__in=[ACTIVE, "left"]).exists():
        raise TeamError("Notes are about members of the team.")
    return ContributionNote.objects.create(
        team=team,
        milestone=milestone,
        member=member,
        note=note,
        written_by=author,
        created_at=now or timezone.now(),
    )


def demo_slot_set(*, team: Team, starts_at: datetime.datetime, minutes: int, room: str = ""):
    """Give a team its demo-day slot (or move it); two teams never share a start time."""
    if team.status != Team.Status.APPROVED:
        raise TeamError("Only an approved team gets a demo slot.")
    clash = DemoSlot.objects.filter(cohort_id=team.cohort_id, starts_at=starts_at).exclude(
        team=team
    )
    if clash.exists():
        raise TeamError("Another team demos at that time.")
    slot, _ = DemoSlot.objects.update_or_create(
        team=team,
        defaults={
            "cohort_id": team.cohort_id,
            "starts_at": starts_at,
            "minutes": minutes,
            "room": room,
        },
    )
    return slot
