"""The confirmation of an account's deletion: the person types their password again."""

from django import forms

from config.guards import GuardedFormMixin


class AccountDeleteForm(GuardedFormMixin, forms.Form):
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.has_usable_password():
            raise forms.ValidationError(
                "Your account has no password yet: set one with “Forgot your password?” on "
                "the log-in page, then come back."
            )
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password: nothing was deleted.")
        return password
