"""Staff write the syllabus: weeks with their lessons and resources; a lesson's preview."""

from django import forms
from django.contrib import admin
from django.db import models
from django.urls import reverse
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
    fields = ["title", "position", "url", "file", "stored_file"]
    readonly_fields = ["stored_file"]
    # Stored files have no URL (config/storage.py): a plain input, and a link to the view
    # that checks who is asking.
    formfield_overrides = {models.FileField: {"widget": forms.FileInput}}
    extra = 0

    @admin.display(description="Stored file")
    def stored_file(self, resource):
        if not resource.file:
            return "-"
        return format_html(
            '<a href="{}">Download</a>', reverse("syllabus:resource_file", args=[resource.pk])
        )


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

    def get_changeform_initial_data(self, request):
        """A new lesson starts as a draft: saving it to see the preview must not show an
        unfinished lesson to students. Staff tick "published" when it is ready."""
        return {**super().get_changeform_initial_data(request), "is_published": False}

    @admin.display(description="Preview (as saved: save and continue editing to refresh)")
    def preview(self, lesson):
        if not lesson.pk:
            return "Save the lesson to see how students will read it."
        return format_html('<div class="lesson-preview">{}</div>', lesson_html(lesson.body))
