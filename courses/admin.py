"""Staff tools: late policies and completion rules per program; extensions, grade overrides,
completion overrides and certificate revocations, each a row with who, when and why."""

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html

from config.admin_readonly import ReadOnlyAdmin, RecordAdminMixin
from config.guards import GuardedModelForm
from courses import services
from courses.forms import (
    CertificateRevokeForm,
    CompletionOverrideForm,
    ExtensionAdminForm,
    ExtensionRevokeForm,
)
from courses.models import (
    Certificate,
    CompletionDecision,
    CompletionRule,
    Extension,
    FinalChoice,
    GradeOverride,
    LatePolicy,
)


@admin.register(LatePolicy)
class LatePolicyAdmin(admin.ModelAdmin):
    form = GuardedModelForm
    list_display = ["program", "lab", "grace_hours", "penalty_per_day", "cutoff_days", "updated_at"]
    list_filter = ["program"]
    list_select_related = ["program", "lab"]


@admin.register(CompletionRule)
class CompletionRuleAdmin(admin.ModelAdmin):
    form = GuardedModelForm
    list_display = ["program", "min_share_passed"]


class DecisionAdmin(admin.ModelAdmin):
    """Decisions are added through the services and never edited or deleted."""

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def _save_through(self, request, form, service):
        try:
            return service()
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return None


@admin.register(Extension)
class ExtensionAdmin(DecisionAdmin):
    """Granted here or from the gradebook; an existing one can only be revoked, with a
    reason (its change page), which puts the student's dates back."""

    form = ExtensionAdminForm
    list_display = [
        "student",
        "cohort",
        "lab",
        "due_on",
        "extra_days",
        "granted_by",
        "granted_at",
        "is_in_force",
    ]
    list_filter = ["cohort", "revoked_at"]
    list_select_related = ["student", "cohort", "lab", "granted_by"]
    search_fields = ["student__username", "student__email", "reason"]
    readonly_fields = ["granted_by", "granted_at"]
    autocomplete_fields = []
    record_fields = [
        "student",
        "cohort",
        "lab",
        "due_on",
        "extra_days",
        "reason",
        "granted_by",
        "granted_at",
        "revoked_at",
        "revoked_by",
    ]

    @admin.display(boolean=True, description="in force")
    def is_in_force(self, extension):
        return extension.is_in_force

    def has_change_permission(self, request, obj=None):
        # The change page exists to revoke; the grant itself never changes.
        return admin.ModelAdmin.has_change_permission(self, request, obj)

    def get_form(self, request, obj=None, **kwargs):
        if obj is not None:
            kwargs["form"] = ExtensionRevokeForm
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is not None:
            return [*self.record_fields, "revoke_reason"]
        return super().get_fields(request, obj)

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return self.readonly_fields
        if obj.revoked_at:
            return [*self.record_fields, "revoke_reason"]
        return self.record_fields

    def save_model(self, request, obj, form, change):
        if change:
            reason = form.cleaned_data.get("revoke_reason", "")
            if reason and obj.revoked_at is None:
                revoked = self._save_through(
                    request,
                    form,
                    lambda: services.extension_revoke(
                        extension=obj, revoked_by=request.user, reason=reason
                    ),
                )
                if revoked is not None:
                    self.message_user(
                        request,
                        "Extension revoked: the student's dates are back to what they were.",
                        messages.SUCCESS,
                    )
            return
        data = form.cleaned_data
        extension = self._save_through(
            request,
            form,
            lambda: services.extension_grant(
                student=data["student"],
                cohort=data["cohort"],
                granted_by=request.user,
                reason=data["reason"],
                lab=data.get("lab"),
                due_on=data.get("due_on"),
                extra_days=data.get("extra_days"),
            ),
        )
        if extension is not None:
            obj.pk = extension.pk

    def response_add(self, request, obj, post_url_continue=None):
        if obj.pk is None:
            return self.response_post_save_add(request, obj)
        return super().response_add(request, obj, post_url_continue)


@admin.register(CompletionDecision)
class CompletionDecisionAdmin(DecisionAdmin):
    form = CompletionOverrideForm
    list_display = [
        "enrolment",
        "kind",
        "completed",
        "labs_passed",
        "labs_total",
        "decided_by",
        "decided_at",
    ]
    list_filter = ["kind", "completed", "enrolment__cohort"]
    list_select_related = ["enrolment__user", "enrolment__cohort", "decided_by"]
    search_fields = ["enrolment__user__username", "enrolment__user__email", "reason"]
    readonly_fields = ["kind", "labs_passed", "labs_total", "decided_by", "decided_at"]

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        decision = self._save_through(
            request,
            form,
            lambda: services.completion_override(
                enrolment=data["enrolment"],
                completed=data["completed"],
                reason=data["reason"],
                actor=request.user,
            ),
        )
        if decision is not None:
            obj.pk = decision.pk

    def response_add(self, request, obj, post_url_continue=None):
        if obj.pk is None:
            return self.response_post_save_add(request, obj)
        return super().response_add(request, obj, post_url_continue)


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    form = CertificateRevokeForm
    list_display = ["holder", "cohort_name", "issued_at", "is_valid", "revoked_at"]
    list_filter = ["program_name", "revoked_at"]
    search_fields = ["student_name", "enrolment__user__email", "token"]
    readonly_fields = [
        "enrolment",
        "token",
        "verification_page",
        "student_name",
        "program_name",
        "cohort_name",
        "start_date",
        "end_date",
        "labs_passed",
        "labs_total",
        "issued_at",
        "revoked_at",
        "revoked_by",
    ]
    fields = [*readonly_fields, "revoke_reason"]

    @admin.display(boolean=True, description="valid")
    def is_valid(self, certificate):
        return certificate.is_valid

    @admin.display(description="public verification page")
    def verification_page(self, certificate):
        """The address anyone (an employer) opens to check it: what the holder shares."""
        if not certificate.pk:
            return "-"
        path = reverse("courses:certificate", args=[certificate.token])
        note = " (it says the certificate was revoked)" if certificate.revoked_at else ""
        return format_html(
            '<a href="{}" data-testid="certificate-verification-link">{}</a>{}',
            path,
            settings.SITE_URL + path,
            note,
        )

    def has_add_permission(self, request):
        return False  # issued by completion only

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.revoked_at:
            return [*self.readonly_fields, "revoke_reason"]
        return self.readonly_fields

    def save_model(self, request, obj, form, change):
        reason = form.cleaned_data.get("revoke_reason", "")
        if change and reason and obj.revoked_at is None:
            try:
                services.certificate_revoke(certificate=obj, reason=reason, actor=request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                self.message_user(request, "Certificate revoked.", messages.SUCCESS)


@admin.register(FinalChoice)
class FinalChoiceAdmin(RecordAdminMixin, admin.ModelAdmin):
    """Students choose on the submission page; here their choices are only shown."""

    list_display = ["student", "lab", "cohort", "submission", "chosen_at"]
    list_select_related = ["student", "lab", "cohort"]
    readonly_fields = ["student", "cohort", "lab", "submission", "chosen_at"]
    fields = readonly_fields


@admin.register(GradeOverride)
class GradeOverrideAdmin(ReadOnlyAdmin):
    """Who decided which grade, when and why; undone ones keep their row. Set and undone on
    the submission's page (reviews.views); read-only here."""

    list_display = [
        "lab",
        "student",
        "cohort",
        "passed",
        "score",
        "previous_passed",
        "previous_score",
        "created_by",
        "created_at",
        "revoked_at",
        "revoked_by",
    ]
    list_filter = ["passed", "cohort", "lab"]
    search_fields = ["student__username", "student__email", "reason"]
    list_select_related = ["lab", "student", "cohort", "created_by", "revoked_by"]
    ordering = ["-created_at"]
