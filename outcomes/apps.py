from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "outcomes"
    verbose_name = "Career outcomes"

    def ready(self):
        from careers.graduate_salaries import graduate_salary_register
        from enrolment.account_panels import account_panel_register
        from outbox.registry import sender_register
        from outcomes import emails

        sender_register(emails.JOB_SEARCH_REMINDER, emails.job_search_reminder_message)

        # The salary page cites the newest published median of each program (careers knows
        # no outcomes: it renders what is registered).
        graduate_salary_register(name="outcomes", figures=_salary_figures)
        account_panel_register(
            template="outcomes/_account_panel.html", order=15, context=_panel_context
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
    """One query: is the person a student (seated or completed), a graduate, career staff."""
    from django.contrib.auth import get_user_model
    from django.db.models import Exists, OuterRef

    from enrolment.models import Enrolment
    from outcomes.access import CAREER_STAFF_GROUP

    user = request.user
    enrolments = Enrolment.objects.filter(user=OuterRef("pk"))
    facts = (
        get_user_model()
        .objects.filter(pk=user.pk)
        .values(
            is_student=Exists(
                enrolments.filter(
                    status__in=(Enrolment.Status.ENROLLED, Enrolment.Status.COMPLETED)
                )
            ),
            is_graduate=Exists(enrolments.filter(status=Enrolment.Status.COMPLETED)),
            in_group=Exists(
                get_user_model().groups.through.objects.filter(
                    user_id=OuterRef("pk"), group__name=CAREER_STAFF_GROUP
                )
            ),
        )
        .get()
    )
    return {
        "outcomes_is_student": facts["is_student"],
        "outcomes_is_graduate": facts["is_graduate"],
        "outcomes_is_career_staff": user.is_staff or facts["in_group"],
    }
