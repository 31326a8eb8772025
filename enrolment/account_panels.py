"""The account page's panels that other apps own (leaderboard name, API tokens, two factors,
my data): each app registers its panel in its AppConfig.ready, and the account page renders
them in order. Enrolment knows the page, not the apps that add to it.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string


@dataclass(frozen=True)
class AccountPanel:
    """One panel: a template, the context it needs for the page's user, and its place."""

    template: str
    order: int
    context: Callable[..., dict] | None = None  # context(request) -> dict
    only_enrolled: bool = False  # shown only to someone with an enrolment


_panels: dict[str, AccountPanel] = {}


def account_panel_register(
    *,
    template: str,
    order: int,
    context: Callable[..., dict] | None = None,
    only_enrolled: bool = False,
) -> None:
    """Add a panel to the account page (again on a second ready() replaces it)."""
    _panels[template] = AccountPanel(template, order, context, only_enrolled)


def account_panels() -> list[AccountPanel]:
    return sorted(_panels.values(), key=lambda panel: panel.order)


def account_panels_render(request, *, is_enrolled: bool) -> list[str]:
    """Each panel's HTML for the page's user, in order."""
    return [
        render_to_string(
            panel.template, panel.context(request) if panel.context else {}, request=request
        )
        for panel in account_panels()
        if is_enrolled or not panel.only_enrolled
    ]
