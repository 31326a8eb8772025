"""The team capstone: a capstone's milestones (each a lab), teams of a cohort, their
membership history, contribution notes and the demo-day schedule.

Membership rows are never deleted: an invitation is answered, a member leaves, and each row
keeps its dates, so who was in the team when a submission was sent can always be read
(teams.selectors.credits: what counts for whom).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

MIN_TEAM_SIZE = 2
MAX_TEAM_SIZE = 4


class Capstone(models.Model):
    """The capstone project that ends the curriculum: the milestones its teams hand in. Labs
    are the same in every program, so is the capstone; its teams are each cohort's."""

    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=120)
    summary = models.TextField(blank=True)

    def __str__(self):
        return self.title


class Milestone(models.Model):
    """A step of the capstone; it is a lab (its due date, upload rule and grade are the lab's
    under the course rules), handed in by any member for the whole team."""

    class Kind(models.TextChoices):
        PROPOSAL = "proposal", "Proposal"
        CHECKPOINT = "checkpoint", "Checkpoint"
        FINAL = "final", "Final"

    capstone = models.ForeignKey(Capstone, on_delete=models.CASCADE, related_name="milestones")
    lab = models.OneToOneField("labs.Lab", on_delete=models.PROTECT, related_name="milestone")
    kind = models.CharField(max_length=16, choices=Kind.choices)

    class Meta:
        ordering = ["lab__week", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["capstone", "kind"], name="milestone_one_per_kind")
        ]

    def __str__(self):
        return f"{self.capstone}: {self.get_kind_display()}"


class Team(models.Model):
    """A team of one cohort for its program's capstone. Proposed by a student (waiting for
    an instructor's approval) or formed by an instructor (approved at once)."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Waiting for approval"
        APPROVED = "approved", "Approved"
        DISBANDED = "disbanded", "Disbanded"

    # PROTECT: a capstone with teams keeps them, and their history, for good.
    capstone = models.ForeignKey(Capstone, on_delete=models.PROTECT, related_name="teams")
    cohort = models.ForeignKey("enrolment.Cohort", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=60)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PROPOSED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["capstone", "cohort", "name"],
                condition=~Q(status="disbanded"),
                name="team_name_unique_in_cohort",
            ),
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(approved_at__isnull=False),
                name="team_approved_has_date",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED


class Membership(models.Model):
    """One person's place in a team over time: invited, then active (joined_at) or
    declined, and at last left (left_at). Never deleted: the history of the team."""

    class Status(models.TextChoices):
        INVITED = "invited", "Invited"
        ACTIVE = "active", "Member"
        DECLINED = "declined", "Declined"
        LEFT = "left", "Left"

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    # The team's capstone again, so the database holds "one active team per capstone".
    capstone = models.ForeignKey(Capstone, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="team_memberships"
    )
    status = models.CharField(max_length=16, choices=Status.choices)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    joined_at = models.DateTimeField(null=True, blank=True)
    left_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "capstone"],
                condition=Q(status="active"),
                name="membership_one_active_team_per_capstone",
            ),
            models.UniqueConstraint(
                fields=["user", "team"],
                condition=Q(status__in=["invited", "active"]),
                name="membership_one_open_row_per_team",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["active", "left"]) | Q(joined_at__isnull=False),
                name="membership_member_has_joined",
            ),
            models.CheckConstraint(
                condition=~Q(status="left") | Q(left_at__isnull=False),
                name="membership_left_has_date",
            ),
        ]
        indexes = [models.Index(fields=["team", "status"])]

    def __str__(self):
        return f"{self.user} in {self.team} ({self.get_status_display()})"

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE


class ContributionNote(models.Model):
    """What one member did for a milestone, written by a teammate or an instructor."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="contributions")
    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    note = models.TextField(max_length=2000)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [models.CheckConstraint(condition=~Q(note=""), name="contribution_has_note")]

    def __str__(self):
        return f"{self.member} for {self.milestone}"


class DemoSlot(models.Model):
    """A team's time on demo day, shown to its cohort."""

    cohort = models.ForeignKey("enrolment.Cohort", on_delete=models.CASCADE, related_name="+")
    team = models.OneToOneField(Team, on_delete=models.CASCADE, related_name="demo_slot")
    starts_at = models.DateTimeField()
    minutes = models.PositiveSmallIntegerField(default=15)
    room = models.CharField(max_length=60, blank=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "starts_at"], name="demo_slot_one_per_time"),
            models.CheckConstraint(
                condition=Q(minutes__gte=5) & Q(minutes__lte=120), name="demo_slot_length"
            ),
        ]

    def __str__(self):
        return f"{self.team} at {self.starts_at:%Y-%m-%d %H:%M}"
