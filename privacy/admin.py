"""Staff read the record of deleted accounts (no personal data) and remove leftover files."""

from django.contrib import admin, messages

from privacy import services
from privacy.models import AccountDeletion


@admin.register(AccountDeletion)
class AccountDeletionAdmin(admin.ModelAdmin):
    list_display = ("account", "deleted_at", "files_total", "files_still_stored")
    readonly_fields = ("user", "account", "deleted_at", "files_total", "files_left")
    actions = ["delete_files_left"]

    def has_add_permission(self, request):
        return False  # only a person deletes their own account, on their account page

    def has_delete_permission(self, request, obj=None):
        return False  # the record of a deletion is kept

    @admin.display(description="files still stored")
    def files_still_stored(self, obj) -> int:
        return len(obj.files_left)

    @admin.action(description="Remove the files still stored")
    def delete_files_left(self, request, queryset):
        ids = queryset.values_list("pk", flat=True)
        left = sum(len(services.account_files_delete(deletion_id=pk)) for pk in ids)
        if left:
            messages.warning(request, f"{left} file(s) could not be removed; the log says why.")
        else:
            messages.success(request, "Every file of the selected accounts is removed.")
