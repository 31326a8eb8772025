from django.apps import AppConfig


class ProgressConfig(AppConfig):
    name = "progress"
    verbose_name = "Progress: lab pages, dashboards, gradebook, reminders"

    def ready(self):
        from enrolment.account_panels import account_panel_register
        from labs.models import DueReminder
        from outbox.registry import sender_register
        from progress import reminders
        from progress.calendar import tokens as calendar_tokens

        # The outbox renders the due-date reminders with progress' sender.
        sender_register(DueReminder.EMAIL_KIND, reminders.due_reminder_message)
        # The account page's calendar link and its "rotate" button (enrolment.account_panels).
        account_panel_register(
            template="progress/_calendar_panel.html",
            order=17,
            context=calendar_tokens.account_panel_context,
        )
