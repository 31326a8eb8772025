"""Career content a visitor reads before signing up; staff edit it in the admin."""

from django.db import models


class OrderedContent(models.Model):
    """Shared by every content model: staff choose the order things appear on the page."""

    ordering = models.PositiveSmallIntegerField(
        default=0, help_text="Lower numbers come first on the page."
    )

    class Meta:
        abstract = True
        ordering = ["ordering", "pk"]


class Role(OrderedContent):
    name = models.CharField(max_length=100, unique=True)
    summary = models.TextField(help_text="One or two sentences on what the job is like.")
    average_salary_usd = models.PositiveIntegerField("average yearly salary (USD)")

    class Meta(OrderedContent.Meta):
        pass

    def __str__(self):
        return f"{self.name} ({self.salary_display})"

    @property
    def salary_display(self) -> str:
        return f"${self.average_salary_usd:,}"


class Responsibility(OrderedContent):
    title = models.CharField(max_length=120, unique=True)
    description = models.TextField()

    class Meta(OrderedContent.Meta):
        verbose_name_plural = "responsibilities"

    def __str__(self):
        return self.title


class Skill(OrderedContent):
    name = models.CharField(max_length=100, unique=True)
    description = models.TextField()

    class Meta(OrderedContent.Meta):
        verbose_name = "key skill"

    def __str__(self):
        return self.name


class Language(OrderedContent):
    name = models.CharField(max_length=50, unique=True)
    why_it_matters = models.TextField()
    typical_use = models.CharField(
        max_length=200, blank=True, help_text="A short phrase, e.g. “training and prototyping”."
    )

    class Meta(OrderedContent.Meta):
        verbose_name = "programming language"

    def __str__(self):
        return self.name


class SystemType(OrderedContent):
    name = models.CharField(max_length=100, unique=True)
    description = models.TextField()
    example = models.CharField(max_length=200, blank=True)

    class Meta(OrderedContent.Meta):
        verbose_name = "kind of ML system"
        verbose_name_plural = "kinds of ML system"

    def __str__(self):
        return self.name


class RealWorldApplication(OrderedContent):
    name = models.CharField(max_length=100, unique=True)
    description = models.TextField()
    how_it_works = models.TextField(blank=True)

    class Meta(OrderedContent.Meta):
        verbose_name = "real-world application"

    def __str__(self):
        return self.name


class EntryRole(OrderedContent):
    """A job people often hold before moving into machine learning."""

    name = models.CharField(max_length=100, unique=True)
    how_it_leads_in = models.TextField()

    class Meta(OrderedContent.Meta):
        verbose_name = "entry-level role"

    def __str__(self):
        return self.name


class StudyPath(OrderedContent):
    name = models.CharField(max_length=100, unique=True)
    summary = models.TextField()
    typical_duration = models.CharField(max_length=100, blank=True)
    typical_cost = models.CharField(max_length=100, blank=True)
    best_for = models.CharField(max_length=200, blank=True)

    class Meta(OrderedContent.Meta):
        pass

    def __str__(self):
        return self.name


class PathPoint(OrderedContent):
    """One advantage or drawback of a study path."""

    class Kind(models.TextChoices):
        PRO = "pro", "Pro"
        CON = "con", "Con"

    path = models.ForeignKey(StudyPath, on_delete=models.CASCADE, related_name="points")
    kind = models.CharField(max_length=3, choices=Kind.choices)
    text = models.CharField(max_length=300)

    class Meta(OrderedContent.Meta):
        verbose_name = "pro or con"
        verbose_name_plural = "pros and cons"
        constraints = [
            models.UniqueConstraint(fields=["path", "text"], name="careers_pathpoint_unique_text"),
        ]

    def __str__(self):
        return f"{self.path.name}: {self.get_kind_display()}: {self.text}"


class Question(OrderedContent):
    """A frequently asked question and its answer."""

    question = models.CharField(max_length=200, unique=True)
    answer = models.TextField(help_text="Plain text; a blank line starts a new paragraph.")

    class Meta(OrderedContent.Meta):
        verbose_name = "FAQ entry"
        verbose_name_plural = "FAQ entries"

    def __str__(self):
        return self.question
