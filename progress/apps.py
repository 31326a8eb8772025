from django.apps import AppConfig


class ProgressConfig(AppConfig):
    name = "progress"
    verbose_name = "Progress: lab pages, dashboards, gradebook, reminders"

    def ready(self):
        from labs.models import DueReminder
        from outbox.registry import sender_register
        from progress import reminders

        # The outbox renders the due-date reminders with progress' sender.
        sender_register(DueReminder.EMAIL_KIND, reminders.due_reminder_message)
