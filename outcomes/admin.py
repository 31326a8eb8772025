"""Staff tools for outcomes: each program's in-field roles (editable), and the records the
services write, shown read-only: job records, intent surveys and their changes, published
reports (published from /outcomes/report/, never typed in here). Records are changed and
deleted on the outcomes pages, which keep the evidence files in step."""

from django.contrib import admin

from config.admin_readonly import ReadOnlyAdmin, RecordAdminMixin
from config.guards import GuardedModelForm
from outcomes.models import InFieldRole, IntentChange, IntentSurvey, JobRecord, PublishedReport


@admin.register(InFieldRole)
class InFieldRoleAdmin(admin.ModelAdmin):
    form = GuardedModelForm
    list_display = ["title", "program"]
    list_filter = ["program"]
    list_select_related = ["program"]
    search_fields = ["title"]


@admin.register(JobRecord)
class JobRecordAdmin(RecordAdminMixin, ReadOnlyAdmin):
    list_display = ["enrolment", "status", "employer", "kind", "start_date", "evidence_state"]
    list_filter = ["status", "kind", "evidence_state", "enrolment__cohort__program"]
    list_select_related = ["enrolment__user", "enrolment__cohort"]
    exclude = ["evidence"]  # downloaded through the authorized view, never linked from here

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields if f.name != "evidence"]


@admin.register(IntentSurvey)
class IntentSurveyAdmin(RecordAdminMixin, ReadOnlyAdmin):
    list_display = ["enrolment", "seeks_in_field_job", "employed_upskilling", "answered_at"]
    list_select_related = ["enrolment__user", "enrolment__cohort"]


@admin.register(IntentChange)
class IntentChangeAdmin(RecordAdminMixin, admin.ModelAdmin):
    list_display = ["survey", "changed_by", "changed_at", "reason"]
    list_select_related = ["survey__enrolment__user", "survey__enrolment__cohort", "changed_by"]


@admin.register(PublishedReport)
class PublishedReportAdmin(RecordAdminMixin, admin.ModelAdmin):
    list_display = ["program", "period_label", "version", "as_of", "published_by", "published_at"]
    list_filter = ["program", "year"]
    list_select_related = ["program", "published_by"]
