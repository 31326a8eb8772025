"""Staff author a lab's rubric (items, weight, blind grading) and read grades, releases
and regrade decisions; marks are given on the submission page, not here."""

from django.contrib import admin

from config.admin_accessibility import LabelledTabularInline
from config.admin_readonly import ReadOnlyAdmin
from rubrics.models import GradeRelease, RegradeDecision, RegradeRequest, Rubric, RubricItem


class RubricItemInline(LabelledTabularInline):
    model = RubricItem
    extra = 1
    fields = ["position", "title", "points", "description"]


@admin.register(Rubric)
class RubricAdmin(admin.ModelAdmin):
    list_display = ["lab", "weight", "pass_share", "is_blind"]
    list_select_related = ["lab"]
    inlines = [RubricItemInline]


@admin.register(GradeRelease)
class GradeReleaseAdmin(ReadOnlyAdmin):
    list_display = ["lab", "cohort", "released_by", "released_at"]
    list_select_related = ["lab", "cohort", "released_by"]


class RegradeDecisionInline(admin.StackedInline):
    model = RegradeDecision
    can_delete = False
    readonly_fields = [
        "decided_by",
        "decided_at",
        "accepted",
        "points_before",
        "points_after",
        "reason",
    ]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(RegradeRequest)
class RegradeRequestAdmin(ReadOnlyAdmin):
    list_display = ["grade", "item", "status", "created_at"]
    list_filter = ["status"]
    list_select_related = ["grade__student", "grade__lab", "item"]
    inlines = [RegradeDecisionInline]
