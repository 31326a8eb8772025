"""Forms of the course rules: an extension (gradebook), overrides and revocations (admin)."""

from django import forms
from django.contrib.auth import get_user_model

from config.guards import GuardedFormMixin, GuardedModelForm
from courses.models import Certificate, CompletionDecision, Extension
from enrolment.models import Enrolment
from labs.models import Lab


class ExtensionForm(GuardedFormMixin, forms.Form):
    student = forms.ModelChoiceField(queryset=get_user_model().objects.none())
    lab = forms.ModelChoiceField(
        queryset=Lab.objects.none(),
        required=False,
        empty_label="Every lab (extra days)",
        help_text="One lab gets a new due date; every lab moves by the extra days.",
    )
    due_on = forms.DateField(
        required=False, label="New due date", widget=forms.DateInput(attrs={"type": "date"})
    )
    extra_days = forms.IntegerField(required=False, min_value=1, max_value=120)
    reason = forms.CharField(max_length=300, help_text="The student sees it.")

    def __init__(self, *args, cohort, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["student"].queryset = (
            get_user_model()
            .objects.filter(enrolments__cohort=cohort, enrolments__status=Enrolment.Status.ENROLLED)
            .order_by("last_name", "first_name", "username")
        )
        self.fields["student"].label_from_instance = lambda u: u.get_full_name() or u.username
        self.fields["lab"].queryset = Lab.objects.filter(is_published=True).order_by("week")


class ExtensionAdminForm(GuardedModelForm):
    class Meta:
        model = Extension
        fields = ["student", "cohort", "lab", "due_on", "extra_days", "reason"]


class ExtensionRevokeForm(GuardedModelForm):
    class Meta:
        model = Extension
        fields = ["revoke_reason"]


class CompletionOverrideForm(GuardedModelForm):
    class Meta:
        model = CompletionDecision
        fields = ["enrolment", "completed", "reason"]


class CertificateRevokeForm(GuardedModelForm):
    class Meta:
        model = Certificate
        fields = ["revoke_reason"]
