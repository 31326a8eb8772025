"""The student dashboard's panels that other apps own (reviews: announcements and unread
comments): each app registers its panel in its AppConfig.ready, and the dashboard renders
them in order above its body. Progress knows the page, not the apps that add to it (as
enrolment.account_panels does for the account page).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string


@dataclass(frozen=True)
class DashboardPanel:
    """One panel: a template, the context it needs for the student's cohort, its place."""

    template: str
    order: int
    context: Callable[..., dict]  # context(request, cohort=) -> dict


_panels: dict[str, DashboardPanel] = {}


def dashboard_panel_register(*, template: str, order: int, context: Callable[..., dict]) -> None:
    """Add a panel to the student dashboard (again on a second ready() replaces it)."""
    _panels[template] = DashboardPanel(template, order, context)


def dashboard_panels_render(request, *, cohort) -> list[str]:
    """Each panel's HTML for the dashboard's student in `cohort`, in order."""
    return [
        render_to_string(panel.template, panel.context(request, cohort=cohort), request=request)
        for panel in sorted(_panels.values(), key=lambda panel: panel.order)
    ]
