"""Similarity checks in the admin, for operators: every run with its status and problem (a
failed check is not retried by beat), and "Check again" for the selected runs' lab and
cohort. The pairs themselves are read on the instructors' pages (/similarity/)."""

from django.contrib import admin, messages

from config.admin_readonly import RecordAdminMixin
from similarity import services
from similarity.models import SimilarityRun


@admin.register(SimilarityRun)
class SimilarityRunAdmin(RecordAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "lab", "cohort", "status", "compared", "skipped", "problem"]
    list_filter = ["status", "lab"]
    list_select_related = ["lab", "cohort"]
    date_hierarchy = "created_at"
    fields = [
        "lab",
        "cohort",
        "requested_by",
        "status",
        "threshold",
        "created_at",
        "started_at",
        "finished_at",
        "compared",
        "compared_earlier",
        "skipped",
        "problem",
    ]
    readonly_fields = fields
    actions = ["check_again"]

    @admin.action(description="Check again (one new check per lab and cohort selected)")
    def check_again(self, request, queryset):
        queued = set()
        for run in queryset.select_related("lab", "cohort"):
            key = (run.lab_id, run.cohort_id)
            if key not in queued:
                services.run_request(lab=run.lab, cohort=run.cohort, requested_by=request.user)
                queued.add(key)
        self.message_user(
            request,
            f"{len(queued)} check{'s' if len(queued) != 1 else ''} queued (a check already "
            "waiting for its lab and cohort is kept, not doubled).",
            messages.SUCCESS,
        )
