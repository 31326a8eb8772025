"""Staff tools for labs: datasets from CSV, references, submissions and regrades."""

from django import forms
from django.contrib import admin, messages
from django.db import models, transaction

from config.admin_accessibility import AccessibleAdminMixin
from config.guards import GuardedModelForm
from labs import grading
from labs.csv_import import import_dataset_files
from labs.models import Dataset, DueReminder, Lab, ReferenceModel, Submission, WorkerHeartbeat
from labs.services import datasets, intake, references
from security.audit import regrade_record


def _metric_choices():
    return [(name, f"{m.label} ({m.task})") for name, m in grading.METRICS.items()]


def _readonly_fields_without_file_links(model) -> list[str]:
    """Every field read-only, a file shown by its stored name: files have no URL (see
    config/storage.py), so the admin must not ask for one."""
    return [
        f"{f.name}_name" if isinstance(f, models.FileField) else f.name for f in model._meta.fields
    ]


def _reference_choices():
    from labs.grading.references import REFERENCE_PIPELINES

    return [(name, spec.label) for name, spec in REFERENCE_PIPELINES.items()]


class DatasetAdminForm(GuardedModelForm):
    """Upload three CSV files; they are checked and normalised before anything is stored."""

    metric = forms.ChoiceField(choices=_metric_choices)
    train_upload = forms.FileField(
        required=False, label="Training CSV", help_text="Id, feature columns and the target."
    )
    test_features_upload = forms.FileField(
        required=False, label="Test features CSV", help_text="Id and the same feature columns."
    )
    test_labels_upload = forms.FileField(
        required=False, label="Test labels CSV", help_text="Id and target; never served."
    )
    id_column = forms.CharField(initial="id", max_length=64)
    target_column = forms.CharField(initial="target", max_length=64)

    class Meta:
        model = Dataset
        fields = ["slug", "title", "description", "task", "metric"]

    def clean(self):
        cleaned = super().clean()
        uploads = [
            cleaned.get(n) for n in ("train_upload", "test_features_upload", "test_labels_upload")
        ]
        if not any(uploads):
            if not self.instance.pk:
                raise forms.ValidationError("Upload the three CSV files to create a dataset.")
            return cleaned
        if not all(uploads):
            raise forms.ValidationError("Upload all three CSV files together.")
        metric = grading.METRICS.get(cleaned.get("metric", ""))
        task = cleaned.get("task")
        if metric and task and metric.task != task:
            self.add_error("metric", f"{metric.label} is a {metric.task} metric, not {task}.")
            return cleaned
        try:
            self.imported = import_dataset_files(
                train=uploads[0].read(),
                test_features=uploads[1].read(),
                test_labels=uploads[2].read(),
                id_column=cleaned.get("id_column") or "id",
                target_column=cleaned.get("target_column") or "target",
                task=task,
            )
        except grading.DatasetInvalid as invalid:
            raise forms.ValidationError(invalid.problems) from invalid
        if metric and metric.kind == "probability" and len(self.imported.classes) != 2:
            self.add_error("metric", f"{metric.label} needs exactly two classes.")
        return cleaned


@admin.register(Dataset)
class DatasetAdmin(admin.ModelAdmin):
    form = DatasetAdminForm
    list_display = [
        "title",
        "slug",
        "task",
        "metric",
        "train_rows",
        "test_rows",
        "version",
        "builtin",
        "updated_at",
    ]
    list_filter = ["task", "metric"]
    search_fields = ["title", "slug", "description"]
    ordering = ["title"]
    readonly_fields = [
        "builtin",
        "feature_columns",
        "classes",
        "train_rows",
        "test_rows",
        "version",
        "updated_at",
    ]

    def save_model(self, request, obj, form, change):
        imported = getattr(form, "imported", None)
        with transaction.atomic():
            if imported is None:
                obj.save()
                return
            obj.feature_columns = imported.feature_columns
            obj.classes = imported.classes
            obj.train_rows = imported.train_rows
            obj.test_rows = imported.test_rows
            key = grading.AnswerKey.from_csv(
                imported.test_labels, id_column="id", target_column="target"
            )
            datasets.dataset_replace_files(
                dataset=obj,
                train=imported.train,
                test_features=imported.test_features,
                labels=key.to_csv_bytes(),
            )


class LabAdminForm(GuardedModelForm):
    reference_name = forms.ChoiceField(choices=_reference_choices, label="Reference pipeline")

    class Meta:
        model = Lab
        fields = [
            "slug",
            "title",
            "summary",
            "instructions",
            "week",
            "dataset",
            "reference_name",
            "pass_ratio",
            "daily_limit",
            "is_published",
            "submission_kind",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Left out of a form (older scripts, API-like posts): the lab takes predictions.
        self.fields["submission_kind"].required = False

    def clean_submission_kind(self):
        return self.cleaned_data.get("submission_kind") or Lab.SubmissionKind.PREDICTIONS


class ReferenceInline(admin.TabularInline):
    model = ReferenceModel
    extra = 0
    can_delete = False
    fields = [
        "pipeline",
        "status",
        "public_score",
        "private_score",
        "version",
        "duration_ms",
        "trained_at",
        "error",
    ]
    readonly_fields = fields
    max_num = 0


@admin.register(Lab)
class LabAdmin(admin.ModelAdmin):
    form = LabAdminForm
    list_display = [
        "title",
        "week",
        "dataset",
        "reference_name",
        "pass_ratio",
        "daily_limit",
        "is_published",
        "submission_kind",
    ]
    list_filter = ["week", "is_published", "submission_kind", "dataset__task"]
    search_fields = ["title", "slug", "summary"]
    ordering = ["week", "title"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [ReferenceInline]
    actions = ["retrain_reference", "regrade_all"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if references.reference_needs_training(lab=obj):
            references.reference_request(lab=obj)
            messages.info(request, f"A worker is training the reference for {obj}.")

    @admin.action(description="Retrain the reference model")
    def retrain_reference(self, request, queryset):
        for lab in queryset:
            references.reference_request(lab=lab)
        self.message_user(request, f"Queued reference training for {queryset.count()} lab(s).")

    @admin.action(description="Regrade every submission of these labs")
    def regrade_all(self, request, queryset):
        total = sum(intake.lab_regrade_all(lab=lab) for lab in queryset)
        self.message_user(request, f"Queued {total} submission(s) for regrading.")


@admin.register(ReferenceModel)
class ReferenceModelAdmin(admin.ModelAdmin):
    list_display = [
        "lab",
        "pipeline",
        "status",
        "public_score",
        "private_score",
        "version",
        "duration_ms",
        "trained_at",
    ]
    list_filter = ["status", "pipeline"]
    search_fields = ["lab__title", "pipeline"]
    ordering = ["-created_at"]
    readonly_fields = _readonly_fields_without_file_links(ReferenceModel)
    exclude = ["predictions_file"]

    def has_add_permission(self, request):
        return False

    @admin.display(description="Predictions file")
    def predictions_file_name(self, obj):
        return obj.predictions_file.name or "-"


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "lab",
        "student",
        "status",
        "passed",
        "public_score",
        "attempts",
        "created_at",
    ]
    list_filter = ["status", "passed", "lab"]
    search_fields = ["student__username", "student__email", "lab__title", "original_name"]
    ordering = ["-created_at"]
    list_select_related = ["lab", "student"]
    readonly_fields = _readonly_fields_without_file_links(Submission)
    exclude = ["file"]
    actions = ["regrade"]

    def has_add_permission(self, request):
        return False

    @admin.display(description="File")
    def file_name(self, obj):
        return obj.file.name

    @admin.action(description="Regrade the selected submissions")
    def regrade(self, request, queryset):
        count = 0
        for submission in queryset:
            if intake.submission_regrade(submission=submission):
                regrade_record(submission=submission)  # the grade it had, on the audit trail
                count += 1
        self.message_user(request, f"Queued {count} submission(s) for regrading.")


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(AccessibleAdminMixin, admin.ModelAdmin):
    list_display = ["seen_at", "token"]
    ordering = ["-seen_at"]


@admin.register(DueReminder)
class DueReminderAdmin(admin.ModelAdmin):
    """Who is reminded of which due date (written by beat; its email: the outbox admin)."""

    list_display = [
        "lab",
        "student",
        "cohort",
        "due_on",
        "created_at",
    ]
    list_filter = ["lab", "cohort", "due_on"]
    search_fields = ["student__username", "student__email", "lab__title"]
    list_select_related = ["lab", "student", "cohort"]
    readonly_fields = [f.name for f in DueReminder._meta.fields]
    ordering = ["-created_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
