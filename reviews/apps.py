from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = "Review and feedback"

    def ready(self):
        from outbox.registry import sender_register
        from progress.dashboard_panels import dashboard_panel_register
        from reviews.models import ANNOUNCEMENT_EMAIL, COMMENT_EMAIL
        from reviews.services import announcements, comments

        sender_register(COMMENT_EMAIL, comments.comment_message)
        sender_register(ANNOUNCEMENT_EMAIL, announcements.announcement_message)
        # Announcements to the student and comments they have not read, on their dashboard.
        dashboard_panel_register(
            template="reviews/_dashboard_inbox.html", order=10, context=_dashboard_inbox
        )


def _dashboard_inbox(request, *, cohort) -> dict:
    from reviews import selectors

    student = request.user
    return {
        "unread_comments": list(selectors.unread_comments_for_student(student=student)[:10]),
        "announcements": selectors.announcements_for_student(student=student, cohort=cohort),
    }
