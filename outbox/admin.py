"""Every email the site sent or means to send: read-only, written by the services."""

from django.contrib import admin

from config.admin_readonly import ReadOnlyAdmin
from outbox.models import OutgoingEmail


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(ReadOnlyAdmin):
    list_display = ["kind", "object_id", "user", "state", "attempts", "created_at", "finished_at"]
    list_filter = ["state", "kind"]
    search_fields = ["user__username", "user__email", "detail"]
    list_select_related = ["user"]
    ordering = ["-created_at", "-pk"]
