"""Staff write the syllabus: weeks with their lessons and resources; a lesson's preview."""

from django.contrib import admin
from django.utils.html import format_html

from config.admin_accessibility import AccessibleAdminMixin, LabelledTabularInline
from config.guards import GuardedModelForm
from syllabus.models import Lesson, Resource, SyllabusWeek
from syllabus.rendering import lesson_html


class LessonInline(LabelledTabularInline):
    model = Lesson
    form = GuardedModelForm
    fields = ["title", "position", "minutes", "is_published"]
    show_change_link = True
    extra = 0


class ResourceInline(LabelledTabularInline):
    model = Resource
    form = GuardedModelForm
    fields = ["title", "position", "url", "file"]
    extra = 0


@admin.register(SyllabusWeek)
class SyllabusWeekAdmin(AccessibleAdminMixin, admin.ModelAdmin):
    form = GuardedModelForm
    list_display = ["number", "title", "summary"]
    list_display_links = ["number", "title"]
    inlines = [LessonInline, ResourceInline]


@admin.register(Lesson)
class LessonAdmin(AccessibleAdminMixin, admin.ModelAdmin):
    form = GuardedModelForm
    list_display = ["title", "week", "position", "minutes", "is_published"]
    list_filter = ["week", "is_published"]
    search_fields = ["title", "body"]
    fields = ["week", "title", "position", "minutes", "is_published", "body", "preview"]
    readonly_fields = ["preview"]
    save_on_top = True

    @admin.display(description="Preview (as saved: save and continue editing to refresh)")
    def preview(self, lesson):
        if not lesson.pk:
            return "Save the lesson to see how students will read it."
        return format_html('<div class="lesson-preview">{}</div>', lesson_html(lesson.body))
