"""Forms for outcomes: the intent survey, a job-search record with its evidence, verifying
evidence, staff's change of an intent, and publishing a report. They call no rule: the
services decide (outcomes.services)."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms

from config.guards import GuardedFormMixin, IdModelChoiceField
from enrolment.money import minor_per_unit
from outcomes.models import INTENT_FIELDS, InFieldRole, IntentSurvey, JobRecord
from outcomes.services.records import EVIDENCE_TYPES


def _helper(label: str, *, testid: str, multipart=False) -> FormHelper:
    helper = FormHelper()
    helper.attrs = {"data-testid": testid}
    if multipart:
        helper.form_class = ""
        helper.attrs["enctype"] = "multipart/form-data"
    helper.add_input(Submit("save", label))
    return helper


class IntentForm(GuardedFormMixin, forms.ModelForm):
    class Meta:
        model = IntentSurvey
        fields = list(INTENT_FIELDS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("Save my answers", testid="intent-form")


class IntentChangeForm(IntentForm):
    reason = forms.CharField(
        max_length=300, help_text="Kept with the change, with your name and the time."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("Change the intent", testid="intent-change-form")


class JobRecordForm(GuardedFormMixin, forms.ModelForm):
    # Whole units in the form; the record keeps minor units (an integer, never a float).
    base_salary = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=100_000_000,
        label="Yearly base salary",
        help_text="Base pay only: no bonus, no equity. Whole units of the currency.",
    )
    evidence_file = forms.FileField(
        required=False,
        label="Evidence",
        help_text=(
            "An offer letter or a signed confirmation (PDF, PNG or JPEG). Kept privately: "
            "only you and career staff can open it."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(sorted(EVIDENCE_TYPES))}),
    )

    class Meta:
        model = JobRecord
        fields = [
            "status",
            "employer",
            "role_title",
            "in_field_role",
            "kind",
            "start_date",
            "salary_currency",
        ]
        labels = {"in_field_role": "In-field role", "salary_currency": "Salary currency"}
        widgets = {"start_date": forms.DateInput(attrs={"type": "date"})}
        field_classes = {"in_field_role": IdModelChoiceField}
        help_texts = {
            "in_field_role": "The program's in-field roles; leave empty for a job out of field.",
            "salary_currency": "Three letters, such as USD or EUR.",
            "start_date": "The first day of the job (for a hire).",
        }

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        role = self.fields["in_field_role"]
        role.queryset = InFieldRole.objects.filter(program=program)
        role.empty_label = "None of these (out of field)"
        self.fields["salary_currency"].initial = program.currency
        if self.instance.base_salary_minor is not None:
            per_unit = minor_per_unit(self.instance.salary_currency)
            self.initial["base_salary"] = self.instance.base_salary_minor // per_unit
        self.helper = _helper("Save the record", testid="job-record-form", multipart=True)

    def values(self) -> dict:
        """What the services take: the salary in minor units of its currency (100 to the
        euro, 1 to the yen, 1000 to the dinar), no currency without it."""
        values = {name: self.cleaned_data.get(name) for name in self.Meta.fields}
        salary = self.cleaned_data.get("base_salary")
        per_unit = minor_per_unit(values.get("salary_currency") or "")
        values["base_salary_minor"] = salary * per_unit if salary else None
        if salary is None:
            values["salary_currency"] = ""
        return values

    def evidence(self):
        upload = self.cleaned_data.get("evidence_file")
        return (upload.name, upload.read()) if upload else None


class VerifyForm(GuardedFormMixin, forms.Form):
    verdict = forms.ChoiceField(
        choices=[
            ("verified", "Verified: the evidence confirms the record"),
            ("rejected", "Rejected"),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(max_length=300, required=False, help_text="Needed for a rejection.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("Record the verdict", testid="verify-form")


class PublishForm(GuardedFormMixin, forms.Form):
    note = forms.CharField(
        max_length=300,
        required=False,
        label="Note (shown with the report)",
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
