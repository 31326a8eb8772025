"""Staff tools: turn a lab's leaderboard off for a cohort; fix a student's display name."""

from django.contrib import admin
from django.utils import timezone

from config.guards import GuardedModelForm
from leaderboards.models import LeaderboardProfile, LeaderboardSetting


@admin.register(LeaderboardSetting)
class LeaderboardSettingAdmin(admin.ModelAdmin):
    form = GuardedModelForm
    list_display = ["lab", "cohort", "is_enabled", "changed_by", "changed_at"]
    list_filter = ["is_enabled", "cohort"]
    list_select_related = ["lab", "cohort", "changed_by"]
    readonly_fields = ["changed_by", "changed_at"]

    def save_model(self, request, obj, form, change):
        obj.changed_by = request.user
        obj.changed_at = timezone.now()
        super().save_model(request, obj, form, change)


@admin.register(LeaderboardProfile)
class LeaderboardProfileAdmin(admin.ModelAdmin):
    """Staff can clear a display name that should not be shown (the alias comes back)."""

    form = GuardedModelForm
    list_display = ["user", "display_name", "is_hidden", "updated_at"]
    list_filter = ["is_hidden"]
    list_select_related = ["user"]
    search_fields = ["user__username", "user__email", "display_name"]
    raw_id_fields = ["user"]
