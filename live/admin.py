"""Staff manage sessions, attendance and the programs' weekly schedule in the admin."""

from django.contrib import admin

from config.admin_accessibility import AccessibleAdminMixin, LabelledTabularInline
from live import rules
from live.models import Attendance, LiveSession, TimeZonePreference, WeeklySlot


class AttendanceInline(LabelledTabularInline):
    model = Attendance
    extra = 0
    raw_id_fields = ("student", "recorded_by")
    fields = ("student", "status", "source", "recorded_by", "recorded_at")


@admin.register(LiveSession)
class LiveSessionAdmin(AccessibleAdminMixin, admin.ModelAdmin):
    list_display = ("title", "kind", "cohort", "starts_at", "time_zone", "duration_minutes")
    list_filter = ("kind", "cohort")
    search_fields = ("title", "cohort__name")
    date_hierarchy = "starts_at"
    readonly_fields = ("checkin_code", "created_by", "created_at", "updated_at")
    inlines = [AttendanceInline]

    def save_model(self, request, obj, form, change):
        if not obj.checkin_code:
            obj.checkin_code = rules.new_code()
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(WeeklySlot)
class WeeklySlotAdmin(AccessibleAdminMixin, admin.ModelAdmin):
    list_display = ("program", "kind", "weekday", "start_time", "duration_minutes", "time_zone")
    list_filter = ("program", "kind", "weekday")


@admin.register(Attendance)
class AttendanceAdmin(AccessibleAdminMixin, admin.ModelAdmin):
    list_display = ("session", "student", "status", "source", "recorded_at")
    list_filter = ("status", "source")
    raw_id_fields = ("session", "student", "recorded_by")


@admin.register(TimeZonePreference)
class TimeZonePreferenceAdmin(AccessibleAdminMixin, admin.ModelAdmin):
    list_display = ("user", "time_zone")
    raw_id_fields = ("user",)
