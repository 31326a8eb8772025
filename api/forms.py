"""The account page's form for a new API token: its name, what it may do, how long it lasts."""

from django import forms

from api.models import ApiToken
from api.services import DEFAULT_LIFETIME_DAYS, LIFETIME_DAYS_CHOICES
from config.guards import GuardedFormMixin


class TokenCreateForm(GuardedFormMixin, forms.Form):
    # Not required here: the service says what a good name is (api.services.token_create).
    name = forms.CharField(
        label="New token name",
        max_length=60,
        required=False,
        widget=forms.TextInput(
            attrs={
                "placeholder": "laptop",
                "id": "api-token-name",
                "class": "form-control",
                "required": True,
            }
        ),
    )
    # Left out of a request (an older form, a script): the defaults the form shows.
    scope = forms.TypedChoiceField(
        label="It may",
        choices=ApiToken.Scope.choices,
        initial=ApiToken.Scope.READ_SUBMIT,
        required=False,
        empty_value=ApiToken.Scope.READ_SUBMIT,
        widget=forms.RadioSelect,
    )
    lifetime_days = forms.TypedChoiceField(
        label="It expires after",
        choices=[(days, f"{days} days") for days in LIFETIME_DAYS_CHOICES],
        coerce=int,
        initial=DEFAULT_LIFETIME_DAYS,
        required=False,
        empty_value=DEFAULT_LIFETIME_DAYS,
        widget=forms.Select(attrs={"id": "api-token-lifetime", "class": "form-select"}),
    )
