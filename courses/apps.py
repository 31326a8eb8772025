from django.apps import AppConfig


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = "Course rules: final results, late work, completion"

    def ready(self):
        from courses import emails
        from courses.selectors import lab_result_for
        from enrolment.emails import enrolment_email_extra_register
        from labs.services.upload_rule import lab_result_reader_register
        from outbox.registry import sender_register

        # The upload rule (labs) closes uploads at the student's own cutoff, read here.
        lab_result_reader_register(lab_result_for)
        sender_register(emails.COMPLETED, emails.completed_message)

        # A student moved into a running cohort reads their own due dates in the email.
        enrolment_email_extra_register(template="enrolment_changed", extra=_own_due_dates)


def _own_due_dates(enrolment) -> dict:
    from courses.selectors import personal_due_dates

    if enrolment.status != enrolment.Status.ENROLLED:
        return {}
    return {"own_due_dates": personal_due_dates(enrolment=enrolment)}
