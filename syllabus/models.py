"""The syllabus: the curriculum's weeks, their lessons and resources, and lessons done."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from labs.models import CURRICULUM_WEEKS


def resource_upload_to(instance, filename):
    # Served only through syllabus:resource_file (storage API), never from a public URL.
    return f"syllabus/{uuid.uuid4().hex}-{filename[-80:]}"


class SyllabusWeek(models.Model):
    """One week of the 12-week curriculum; the 30-week track stretches it like the labs."""

    number = models.PositiveSmallIntegerField(
        unique=True,
        help_text=(
            f"Week of the {CURRICULUM_WEEKS}-week curriculum (1-{CURRICULUM_WEEKS}). The "
            "30-week track spreads the same weeks over its calendar, as it does the labs."
        ),
    )
    title = models.CharField(max_length=120)
    summary = models.CharField(
        max_length=300, help_text="Public: shown to prospective students too."
    )

    class Meta:
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(number__gte=1) & Q(number__lte=CURRICULUM_WEEKS),
                name="syllabus_week_in_range",
            )
        ]

    def __str__(self):
        return f"Week {self.number}: {self.title}"


class Lesson(models.Model):
    """A lesson written in Markdown. Its title is public; its body is for enrolled students."""

    week = models.ForeignKey(SyllabusWeek, on_delete=models.CASCADE, related_name="lessons")
    title = models.CharField(max_length=120)
    position = models.PositiveSmallIntegerField(default=0, help_text="Order within the week.")
    body = models.TextField(
        help_text=(
            "Markdown. HTML written here is not rendered, and links may only be web "
            "(http, https) or mailto addresses."
        )
    )
    minutes = models.PositiveSmallIntegerField(default=30, help_text="About how long it takes.")
    is_published = models.BooleanField(default=True)

    class Meta:
        ordering = ["week__number", "position", "pk"]

    def __str__(self):
        return self.title


class Resource(models.Model):
    """A reading or file for a week: a link, or a file kept in the site's private storage."""

    week = models.ForeignKey(SyllabusWeek, on_delete=models.CASCADE, related_name="resources")
    title = models.CharField(max_length=120)
    position = models.PositiveSmallIntegerField(default=0)
    url = models.URLField(blank=True, help_text="A web link, or leave empty and upload a file.")
    file = models.FileField(upload_to=resource_upload_to, blank=True)

    class Meta:
        ordering = ["week__number", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(url="") & ~Q(file="")) | (~Q(url="") & Q(file="")),
                name="syllabus_resource_link_or_file",
                violation_error_message="Give either a link or a file, not both.",
            )
        ]

    def __str__(self):
        return self.title

    @property
    def is_file(self) -> bool:
        return bool(self.file)


class LessonCompletion(models.Model):
    """A student marked a lesson done."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lesson_completions"
    )
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="completions")
    completed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "lesson"], name="lesson_done_once")]

    def __str__(self):
        return f"{self.user} did {self.lesson}"
