from django.apps import AppConfig


class LabsConfig(AppConfig):
    name = "labs"
    verbose_name = "Labs and grading"

    def ready(self):
        from labs import checks  # noqa: F401 - registers the deployment checks

        _reminder_sender_register()


def _reminder_sender_register() -> None:
    """The outbox renders the due-date reminders with labs' sender."""
    from labs import reminders
    from labs.models import DueReminder
    from outbox.registry import sender_register

    sender_register(DueReminder.EMAIL_KIND, reminders.due_reminder_message)
