"""Career content in the admin: every model is searchable and reorderable from its list."""

from django.contrib import admin

from careers.models import (
    EntryRole,
    Language,
    PathPoint,
    Question,
    RealWorldApplication,
    Responsibility,
    Role,
    Skill,
    StudyPath,
    SystemType,
)
from config.admin_accessibility import AccessibleAdminMixin, LabelledTabularInline
from config.guards import GuardedModelForm


class OrderedContentAdmin(AccessibleAdminMixin, admin.ModelAdmin):
    form = GuardedModelForm
    ordering = ["ordering", "pk"]
    list_editable = ["ordering"]


@admin.register(Role)
class RoleAdmin(OrderedContentAdmin):
    list_display = ["name", "average_salary_usd", "ordering"]
    search_fields = ["name", "summary"]


@admin.register(Responsibility)
class ResponsibilityAdmin(OrderedContentAdmin):
    list_display = ["title", "ordering"]
    search_fields = ["title", "description"]


@admin.register(Skill)
class SkillAdmin(OrderedContentAdmin):
    list_display = ["name", "ordering"]
    search_fields = ["name", "description"]


@admin.register(Language)
class LanguageAdmin(OrderedContentAdmin):
    list_display = ["name", "typical_use", "ordering"]
    search_fields = ["name", "why_it_matters", "typical_use"]


@admin.register(SystemType)
class SystemTypeAdmin(OrderedContentAdmin):
    list_display = ["name", "example", "ordering"]
    search_fields = ["name", "description", "example"]


@admin.register(RealWorldApplication)
class RealWorldApplicationAdmin(OrderedContentAdmin):
    list_display = ["name", "ordering"]
    search_fields = ["name", "description", "how_it_works"]


@admin.register(EntryRole)
class EntryRoleAdmin(OrderedContentAdmin):
    list_display = ["name", "ordering"]
    search_fields = ["name", "how_it_leads_in"]


class PathPointInline(LabelledTabularInline):
    form = GuardedModelForm
    model = PathPoint
    fields = ["kind", "text", "ordering"]
    ordering = ["-kind", "ordering", "pk"]  # pros first
    extra = 1


@admin.register(StudyPath)
class StudyPathAdmin(OrderedContentAdmin):
    list_display = ["name", "typical_duration", "typical_cost", "ordering"]
    search_fields = ["name", "summary", "best_for"]
    inlines = [PathPointInline]


@admin.register(PathPoint)
class PathPointAdmin(AccessibleAdminMixin, admin.ModelAdmin):
    form = GuardedModelForm
    list_display = ["text", "path", "kind", "ordering"]
    list_editable = ["ordering"]
    list_filter = ["path", "kind"]
    list_select_related = ["path"]
    search_fields = ["text", "path__name"]
    ordering = ["path__ordering", "-kind", "ordering", "pk"]


@admin.register(Question)
class QuestionAdmin(OrderedContentAdmin):
    list_display = ["question", "ordering"]
    search_fields = ["question", "answer"]
