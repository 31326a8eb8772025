from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = "Review and feedback"

    def ready(self):
        from outbox.registry import sender_register
        from reviews.models import ANNOUNCEMENT_EMAIL, COMMENT_EMAIL
        from reviews.services import announcements, comments

        sender_register(COMMENT_EMAIL, comments.comment_message)
        sender_register(ANNOUNCEMENT_EMAIL, announcements.announcement_message)
