"""The account page's two-factor panel (registered with enrolment.account_panels)."""

from security import twofactor


def two_factor_panel_context(request) -> dict:
    user = request.user
    authenticator = twofactor.authenticator_for(user)
    panel = {"authenticator": authenticator}
    if authenticator:  # one query for most students, who have none
        panel["codes_left"] = twofactor.recovery_codes_left(user)
        panel["required"] = twofactor.required_by_role(user)
    return panel
