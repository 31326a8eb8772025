"""Programs (the two tracks), cohorts and each person's enrolment in a cohort."""

import datetime

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from enrolment.money import Money


class Program(models.Model):
    """A track: the same curriculum on its own calendar (12 weeks full-time, 30 part-time)."""

    class Format(models.TextChoices):
        FULL_TIME = "full_time", "Full-time"
        PART_TIME = "part_time", "Part-time"

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=80, unique=True)
    weeks = models.PositiveSmallIntegerField()
    hours_per_week = models.PositiveSmallIntegerField()
    format = models.CharField(max_length=16, choices=Format.choices)
    summary = models.CharField(max_length=200)
    description = models.TextField()
    ordering = models.PositiveSmallIntegerField(default=0)

    class Admission(models.TextChoices):
        AUTOMATIC = "automatic", "Automatic: seats in sign-up order"
        REVIEWED = "reviewed", "Reviewed: staff accept, reject or waitlist each application"

    admission = models.CharField(
        max_length=16, choices=Admission.choices, default=Admission.AUTOMATIC
    )
    offer_hours = models.PositiveSmallIntegerField(
        default=72,
        help_text="Hours a person has to accept a seat offered to them before it passes on.",
    )

    # Tuition as an integer of the currency's minor unit (cents), never a float; empty
    # while no price is published.
    price_minor = models.PositiveIntegerField(
        "price (minor units)",
        null=True,
        blank=True,
        help_text="In the currency's smallest unit: 1250000 with EUR is \u20ac12,500.00.",
    )
    currency = models.CharField(
        max_length=3,
        default="EUR",
        validators=[RegexValidator(r"^[A-Z]{3}$", "An ISO 4217 code such as EUR or USD.")],
        help_text="ISO 4217 code.",
    )
    covers = models.TextField(
        blank=True, help_text="What the price covers, one item per line (shown on /programs/)."
    )

    class Meta:
        ordering = ["ordering", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(weeks__gt=0), name="program_weeks_positive"),
            models.CheckConstraint(
                condition=Q(currency__regex=r"^[A-Z]{3}$"), name="program_currency_iso"
            ),
            models.CheckConstraint(
                condition=Q(offer_hours__gt=0), name="program_offer_hours_positive"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.weeks} weeks, {self.get_format_display().lower()})"

    @property
    def price(self) -> Money | None:
        return None if self.price_minor is None else Money(self.price_minor, self.currency)

    @property
    def covers_items(self) -> list[str]:
        return [line.strip() for line in self.covers.splitlines() if line.strip()]


class CohortQuerySet(models.QuerySet):
    def with_status(self, status: str, day: datetime.date | None = None):
        """Cohorts whose derived status (see Cohort.status_on) is `status` on `day`."""
        day = day or timezone.localdate()
        if status == Cohort.Status.FINISHED:
            return self.filter(end_date__lt=day)
        if status == Cohort.Status.RUNNING:
            return self.filter(start_date__lte=day, end_date__gte=day)
        if status == Cohort.Status.FULL:
            return self.filter(start_date__gt=day, seats_taken__gte=F("capacity"))
        if status == Cohort.Status.OPEN:
            return self.filter(start_date__gt=day, seats_taken__lt=F("capacity"))
        return self.none()

    def accepting_applications(self, day: datetime.date | None = None):
        """Cohorts that have not started yet: a seat or a waitlist place is still possible."""
        return self.filter(start_date__gt=day or timezone.localdate())

    def open_for_signup(self, day: datetime.date | None = None):
        """Cohorts a newcomer may still apply to: not started, application deadline not passed
        (Cohort.is_open_for_signup_on, as a query)."""
        day = day or timezone.localdate()
        return self.accepting_applications(day).filter(
            Q(application_deadline__isnull=True) | Q(application_deadline__gte=day)
        )


class Cohort(models.Model):
    """One run of a program: dates, seats and instructors."""

    class Status(models.TextChoices):
        OPEN = "open", "Open for sign-up"
        FULL = "full", "Full (waitlist open)"
        RUNNING = "running", "Running"
        FINISHED = "finished", "Finished"

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="cohorts")
    name = models.CharField(max_length=80)
    start_date = models.DateField()
    end_date = models.DateField(editable=False)
    capacity = models.PositiveIntegerField()
    seats_taken = models.PositiveIntegerField(default=0, editable=False)
    instructors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="cohorts_taught"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    application_deadline = models.DateField(
        null=True,
        blank=True,
        help_text=(
            "The last day to sign up (inclusive). Empty: until the day before the start. "
            "Students already in may still defer into it; staff may still move people."
        ),
    )

    objects = CohortQuerySet.as_manager()

    class Meta:
        ordering = ["start_date", "program__ordering"]
        constraints = [
            models.CheckConstraint(
                condition=Q(seats_taken__lte=F("capacity")), name="cohort_seats_within_capacity"
            ),
            models.UniqueConstraint(fields=["program", "start_date"], name="cohort_unique_start"),
            models.CheckConstraint(
                condition=Q(application_deadline__isnull=True)
                | Q(application_deadline__lt=F("start_date")),
                name="cohort_deadline_before_start",
                violation_error_message="The application deadline must be before the start.",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # The end date always follows from the program's length.
        self.end_date = self.compute_end_date()
        super().save(*args, **kwargs)

    def compute_end_date(self) -> datetime.date:
        return self.start_date + datetime.timedelta(weeks=self.program.weeks, days=-1)

    def status_on(self, day: datetime.date) -> str:
        if day > self.end_date:
            return self.Status.FINISHED
        if day >= self.start_date:
            return self.Status.RUNNING
        if self.seats_taken >= self.capacity:
            return self.Status.FULL
        return self.Status.OPEN

    @property
    def status(self) -> str:
        return self.status_on(timezone.localdate())

    def get_status_display(self) -> str:
        return self.Status(self.status).label

    @property
    def seats_left(self) -> int:
        return max(self.capacity - self.seats_taken, 0)

    @property
    def is_accepting_applications(self) -> bool:
        """Sign-up (a seat or the waitlist) is possible until the cohort starts."""
        return timezone.localdate() < self.start_date

    @property
    def applications_close_on(self) -> datetime.date:
        """The last day a newcomer may sign up: the deadline, else the day before the start."""
        return self.application_deadline or self.start_date - datetime.timedelta(days=1)

    def is_open_for_signup_on(self, day: datetime.date) -> bool:
        return day <= self.applications_close_on

    def week_on(self, day: datetime.date) -> int:
        """The curriculum week (1-based, clamped to the program) that `day` falls in."""
        week = (day - self.start_date).days // 7 + 1
        return min(max(week, 0), self.program.weeks)


class ApplicationDetails(models.Model):
    """What an applicant tells us about themselves (an enrolment, or an interest entry)."""

    class Background(models.TextChoices):
        SOFTWARE_ENGINEER = "software_engineer", "Software engineer"
        SOFTWARE_PROGRAMMER = "software_programmer", "Software programmer"
        DATA_SCIENTIST = "data_scientist", "Data scientist"
        COMPUTER_ENGINEER = "computer_engineer", "Computer engineer"
        OTHER = "other", "Something else"

    class Experience(models.TextChoices):
        NONE = "none", "None"
        SOME = "some", "Some"
        CONFIDENT = "confident", "Confident"

    background = models.CharField(max_length=32, choices=Background.choices)
    python_experience = models.CharField(max_length=16, choices=Experience.choices)
    java_experience = models.CharField(max_length=16, choices=Experience.choices)
    cpp_experience = models.CharField(max_length=16, choices=Experience.choices)
    motivation = models.TextField(max_length=2000)

    class Meta:
        abstract = True


class Enrolment(ApplicationDetails):
    """One person's application to one cohort, and where it stands."""

    class Status(models.TextChoices):
        APPLIED = "applied", "Applied (in review)"
        OFFERED = "offered", "Seat offered"
        ENROLLED = "enrolled", "Enrolled"
        WAITLISTED = "waitlisted", "Waitlisted"
        REJECTED = "rejected", "Not admitted"
        WITHDRAWN = "withdrawn", "Withdrawn"
        COMPLETED = "completed", "Completed"

    # Sets of statuses, each named for the question it answers.
    # Still in the running for this cohort (a seat, an offer, a waitlist place or an
    # application): such an enrolment may be withdrawn, deferred or moved.
    HOLDING_A_PLACE = (Status.APPLIED, Status.OFFERED, Status.ENROLLED, Status.WAITLISTED)
    # Counted in the cohort's seats_taken: an accepted seat, or one held for an offer.
    HOLDING_A_SEAT = (Status.OFFERED, Status.ENROLLED)
    # Works on the labs of the cohort and is listed in its gradebook.
    WITH_LAB_ACCESS = (Status.ENROLLED, Status.COMPLETED)
    # Gets due-date reminders: still studying (a completed student has finished).
    RECEIVING_REMINDERS = (Status.ENROLLED,)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments"
    )
    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="enrolments")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.APPLIED)
    # A seat taken by an account whose email is not confirmed yet is released at this time
    # (to the waitlist) unless the address is confirmed first; empty otherwise.
    seat_held_until = models.DateTimeField(null=True, blank=True, db_index=True)
    # The student can turn these off on their account page.
    due_reminders = models.BooleanField(
        default=True, help_text="Email a reminder before a lab they have not passed is due."
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "cohort"], name="enrolment_one_per_cohort"),
        ]
        indexes = [models.Index(fields=["cohort", "status", "created_at"])]

    def __str__(self):
        return f"{self.user} in {self.cohort} ({self.get_status_display()})"


class EnrolmentEvent(models.Model):
    """One change of an enrolment's status or cohort: who, when, from what to what."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(default=timezone.now, db_index=True)
    from_status = models.CharField(max_length=16, choices=Enrolment.Status.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=Enrolment.Status.choices)
    from_cohort = models.ForeignKey(
        Cohort, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    to_cohort = models.ForeignKey(
        Cohort, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.from_status or 'new'} -> {self.to_status} at {self.at:%Y-%m-%d %H:%M}"


from enrolment.admission_models import EmailConfirmation, Interest, Offer  # noqa: E402, F401
