"""Staff see every review message here: read-only, written by the site. (Grade overrides
are a course rules decision: courses.admin.)"""

from django.contrib import admin

from config.admin_readonly import ReadOnlyAdmin
from reviews import selectors
from reviews.models import Announcement, AnnouncementDelivery, SubmissionComment


class EmailStateMixin:
    """What became of a delivery's email: the outbox's row (outbox admin for the rest)."""

    def _email(self, delivery):
        return selectors.delivery_emails([delivery]).get(delivery.pk)

    @admin.display(description="email")
    def email_state(self, delivery):
        email = self._email(delivery)
        return email.get_state_display() if email else "-"

    @admin.display(description="detail")
    def email_detail(self, delivery):
        email = self._email(delivery)
        return email.detail if email else ""


@admin.register(SubmissionComment)
class SubmissionCommentAdmin(ReadOnlyAdmin):
    list_display = ["submission", "author", "by_reviewer", "created_at", "read_at"]
    list_filter = ["by_reviewer"]
    search_fields = ["author__username", "body"]
    list_select_related = ["submission__lab", "submission__student", "author"]
    ordering = ["-created_at"]


class DeliveryInline(EmailStateMixin, admin.TabularInline):
    model = AnnouncementDelivery
    fields = ["student", "email_state", "email_detail"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Announcement)
class AnnouncementAdmin(ReadOnlyAdmin):
    """An announcement and its send log: one row per student, with what happened."""

    list_display = ["subject", "cohort", "audience", "lab", "author", "created_at"]
    list_filter = ["audience", "cohort"]
    search_fields = ["subject", "body"]
    list_select_related = ["cohort", "lab", "author"]
    inlines = [DeliveryInline]
    ordering = ["-created_at"]


@admin.register(AnnouncementDelivery)
class AnnouncementDeliveryAdmin(EmailStateMixin, ReadOnlyAdmin):
    """The send log: every student's copy, whether it was emailed, and why not."""

    list_display = ["announcement", "student", "email_state", "email_detail"]
    list_filter = ["announcement__cohort"]
    search_fields = ["student__username", "student__email", "announcement__subject"]
    list_select_related = ["announcement", "student"]
    ordering = ["-announcement__created_at", "pk"]
