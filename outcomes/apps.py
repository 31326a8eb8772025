from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "outcomes"
    verbose_name = "Career outcomes"

    def ready(self):
        from careers.graduate_salaries import graduate_salary_register
        from enrolment.account_panels import account_panel_register

        # The salary page cites the newest published median of each program (careers knows
        # no outcomes: it renders what is registered).
        graduate_salary_register(name="outcomes", figures=_salary_figures)
        account_panel_register(
            template="outcomes/_account_panel.html", order=40, context=_panel_context
        )


def _salary_figures() -> list[dict]:
    from outcomes import presentation, selectors

    figures = []
    seen = set()
    for report in selectors.published_reports_latest():
        if report.program_id in seen:
            continue
        figure = presentation.salary_figure(report)
        if figure is not None:
            seen.add(report.program_id)
            figures.append(figure)
    return figures


def _panel_context(request) -> dict:
    from enrolment.models import Enrolment
    from outcomes import access

    statuses = set(Enrolment.objects.filter(user=request.user).values_list("status", flat=True))
    return {
        "outcomes_is_student": bool(
            statuses & {Enrolment.Status.ENROLLED, Enrolment.Status.COMPLETED}
        ),
        "outcomes_is_graduate": Enrolment.Status.COMPLETED in statuses,
        "outcomes_is_career_staff": access.is_career_staff(request.user),
    }
