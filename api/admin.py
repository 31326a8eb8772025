"""Staff see every API token (never its secret) and revoke one that leaked."""

from django.contrib import admin, messages

from api import services
from api.models import ApiToken
from config.admin_accessibility import AccessibleAdminMixin


@admin.register(ApiToken)
class ApiTokenAdmin(AccessibleAdminMixin, admin.ModelAdmin):
    list_display = (
        "name",
        "user",
        "prefix",
        "created_at",
        "last_used_at",
        "revoked_at",
        "second_factor",
    )
    list_filter = (("revoked_at", admin.EmptyFieldListFilter),)
    search_fields = ("name", "prefix", "user__username", "user__email")
    list_select_related = ("user",)
    readonly_fields = (
        "user",
        "name",
        "prefix",
        "created_at",
        "last_used_at",
        "revoked_at",
        "second_factor",
    )
    exclude = ("key_hash",)
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False  # only their owners create tokens, on the account page

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request, queryset):
        count = sum(services.token_revoke(token=token) for token in queryset)
        messages.success(request, f"Revoked {count} token(s).")
