"""The audit trail in the admin: read-only for everyone (superusers too), exportable as CSV."""

import csv

from auditlog.admin import LogEntryAdmin
from auditlog.filters import ResourceTypeFilter
from auditlog.models import LogEntry
from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest, StreamingHttpResponse
from django.urls import path
from django.utils import timezone

from config.admin_readonly import RecordAdminMixin
from config.guards import parse_id
from security.exports import log_entry_rows

if admin.site.is_registered(LogEntry):
    admin.site.unregister(LogEntry)


class KindOfObjectFilter(ResourceTypeFilter):
    """Only the kinds of object that are in the trail; a value that is not an id is ignored
    (config.guards.parse_id), never handed to the database."""

    def queryset(self, request, queryset):
        content_type_id = parse_id(self.value())
        if content_type_id is None:
            return queryset
        return queryset.filter(content_type_id=content_type_id)


class _Echo:
    """A file-like object for csv.writer that hands each row back instead of keeping it."""

    def write(self, value):
        return value


@admin.register(LogEntry)
class AuditTrailAdmin(RecordAdminMixin, LogEntryAdmin):
    """Append-only: no page adds, changes or deletes an entry. The export follows the
    changelist's filters and search (the link carries them), or exports the selected rows."""

    list_display = ["created", "resource_url", "action", "msg_short", "user_url", "remote_addr"]
    list_filter = ["action", KindOfObjectFilter]
    fieldsets = [
        (None, {"fields": ["created", "user_url", "actor_email", "remote_addr", "resource_url"]}),
        ("Changes (before → after)", {"fields": ["action", "msg"]}),
    ]
    readonly_fields = ["created", "resource_url", "action", "user_url", "msg"]
    change_list_template = "security/admin/audit_changelist.html"
    actions = ["export_selected"]

    def get_urls(self):
        export = path(
            "export.csv",
            self.admin_site.admin_view(self.export_view),
            name="auditlog_logentry_export",
        )
        return [export, *super().get_urls()]

    def export_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        try:
            queryset = self.get_changelist_instance(request).get_queryset(request)
        except IncorrectLookupParameters:
            return HttpResponseBadRequest("These filters are not valid for the audit trail.")
        return self._csv_response(queryset)

    @admin.action(description="Export selected as CSV", permissions=["view"])
    def export_selected(self, request, queryset):
        return self._csv_response(queryset)

    @staticmethod
    def _csv_response(queryset):
        writer = csv.writer(_Echo())
        response = StreamingHttpResponse(
            (writer.writerow(row) for row in log_entry_rows(queryset)), content_type="text/csv"
        )
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="audit-trail-{stamp}.csv"'
        return response
