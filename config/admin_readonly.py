"""The admin for rows the services write (review messages, grade overrides): shown, never
edited there."""

from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows the services write; the admin shows them and never adds or edits one."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]


class RecordAdminMixin:
    """Records (the audit trail, second-factor resets, students' final choices): the admin
    shows them and never adds, changes or deletes one. A mixin, so that an admin class of
    another library (django-auditlog's) can take it too; list it first."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
