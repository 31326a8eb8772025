"""The account page's two-factor panel, rendered without the enrolment app knowing about it."""

from django import template

from security import twofactor

register = template.Library()


@register.inclusion_tag("security/_account_panel.html", takes_context=True)
def two_factor_panel(context):
    user = context["request"].user
    authenticator = twofactor.authenticator_for(user)
    panel = {"authenticator": authenticator, "csrf_token": context.get("csrf_token")}
    if authenticator:  # one query for most students, who have none
        panel["codes_left"] = twofactor.recovery_codes_left(user)
        panel["required"] = twofactor.required_by_role(user)
    return panel
