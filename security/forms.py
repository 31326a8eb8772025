"""The code fields of the second-factor pages and the reason of an admin reset."""

from django import forms

from config.guards import GuardedFormMixin


class CodeForm(GuardedFormMixin, forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=40,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}
        ),
    )


class ResetForm(GuardedFormMixin, forms.Form):
    reason = forms.CharField(
        label="Reason",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept on the record with your name, such as “lost phone, checked by a call”.",
    )
