from django.apps import AppConfig


class EnrolmentConfig(AppConfig):
    name = "enrolment"
    verbose_name = "Programs and enrolment"

    def ready(self):
        from enrolment import emails

        emails.senders_register()  # the outbox renders enrolment emails with them
