"""The deposit page's form: the plan, and a discount code or scholarship code."""

from django import forms


class PlanForm(forms.Form):
    installments = forms.TypedChoiceField(coerce=int, label="How to pay the rest")
    code = forms.CharField(
        required=False, max_length=40, label="Discount or scholarship code (optional)"
    )

    def __init__(self, *args, account, **kwargs):
        super().__init__(*args, **kwargs)
        limit = account.enrolment.cohort.program.tuition.max_installments
        choices = [(1, "In full")] + [(n, f"{n} monthly installments") for n in range(2, limit + 1)]
        self.fields["installments"].choices = choices
        self.fields["installments"].initial = account.installments
