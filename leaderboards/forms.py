"""The account page's leaderboard settings: a display name and "hide me"."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.urls import reverse_lazy

from config.guards import GuardedFormMixin, validate_person_name
from leaderboards import selectors, services
from leaderboards.aliases import alias_for
from leaderboards.models import LeaderboardProfile


class LeaderboardProfileForm(GuardedFormMixin, forms.ModelForm):
    class Meta:
        model = LeaderboardProfile
        fields = ["display_name", "is_hidden"]
        labels = {
            "display_name": "Display name on leaderboards",
            "is_hidden": "Hide me from other students on the leaderboards",
        }
        help_texts = {
            "display_name": (
                "Leave it empty to appear under your alias. Not your email, nor a name "
                "anyone could take for a classmate, an instructor or the site."
            ),
            "is_hidden": "You still see your own rank; instructors still see everyone.",
        }

    def __init__(self, *args, alias: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["display_name"]
        field.validators.append(validate_person_name)
        field.widget.attrs["placeholder"] = alias
        self.helper = FormHelper()
        self.helper.form_action = reverse_lazy("leaderboards:profile")
        self.helper.attrs = {"data-testid": "leaderboard-profile-form"}
        self.helper.add_input(Submit("save", "Save leaderboard settings"))

    def clean_display_name(self):
        name = self.cleaned_data["display_name"].strip()
        user = self.instance.user if self.instance.user_id else None
        services.display_name_check(user=user, display_name=name)
        return name


def profile_form_for(user) -> LeaderboardProfileForm:
    """The account page's form, filled with the user's settings."""
    return LeaderboardProfileForm(
        instance=selectors.profile_for(user=user), alias=alias_for(user.pk)
    )
