"""Staff tools for the team capstone: capstones and their milestone labs, forming a team
(through teams.services, so the size limits hold), approving, the history (read only:
memberships are never deleted), contribution notes and demo slots."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model

from config.admin_accessibility import AccessibleAdminMixin, LabelledTabularInline
from config.guards import GuardedModelForm
from teams import services
from teams.models import Capstone, ContributionNote, DemoSlot, Membership, Milestone, Team


class MilestoneInline(LabelledTabularInline):
    model = Milestone
    form = GuardedModelForm
    extra = 0
    raw_id_fields = ["lab"]


@admin.register(Capstone)
class CapstoneAdmin(AccessibleAdminMixin, admin.ModelAdmin):
    form = GuardedModelForm
    list_display = ["title", "slug"]
    inlines = [MilestoneInline]


class MembershipInline(LabelledTabularInline):
    """The team's history: read only, never deleted (the pages and services change it)."""

    model = Membership
    fk_name = "team"
    extra = 0
    fields = ["user", "status", "invited_by", "created_at", "joined_at", "left_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class TeamAddForm(GuardedModelForm):
    members = forms.ModelMultipleChoiceField(
        queryset=get_user_model().objects.filter(is_staff=False).order_by("username"),
        help_text="Two to four students of the cohort, none in a team yet.",
    )

    class Meta:
        model = Team
        fields = ["capstone", "cohort", "name"]

    def clean(self):
        data = super().clean()
        if not self.errors:
            # The service's own rules, with its messages, before anything is saved.
            services.team_form_check(
                capstone=data["capstone"],
                cohort=data["cohort"],
                name=data["name"],
                members=list(data["members"]),
            )
        return data


@admin.register(Team)
class TeamAdmin(AccessibleAdminMixin, admin.ModelAdmin):
    form = GuardedModelForm
    list_display = ["name", "cohort", "capstone", "status", "approved_at"]
    list_filter = ["status", "cohort"]
    list_select_related = ["cohort", "capstone"]
    search_fields = ["name", "memberships__user__username"]
    readonly_fields = ["status", "created_by", "created_at", "approved_by", "approved_at"]
    inlines = [MembershipInline]
    actions = ["approve"]

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = TeamAddForm
        return super().get_form(request, obj, **kwargs)

    def get_inlines(self, request, obj):
        return [] if obj is None else self.inlines  # a new team's members are in its form

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["capstone", "cohort", "name", "members"]
        return ["capstone", "cohort", "name", *self.readonly_fields]

    def get_readonly_fields(self, request, obj=None):
        return (
            self.readonly_fields if obj is None else ["capstone", "cohort", *self.readonly_fields]
        )

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        data = form.cleaned_data
        team = services.team_form(
            capstone=data["capstone"],
            cohort=data["cohort"],
            name=data["name"],
            members=list(data["members"]),
            actor=request.user,
        )
        obj.pk = team.pk
        obj.refresh_from_db()

    def save_related(self, request, form, formsets, change):
        if change:
            super().save_related(request, form, formsets, change)

    def has_delete_permission(self, request, obj=None):
        return False  # a team's history stays; disband it instead

    @admin.action(description="Approve the selected teams")
    def approve(self, request, queryset):
        for team in queryset:
            try:
                services.team_approve(team=team, actor=request.user)
            except services.TeamError as error:
                self.message_user(request, f"{team}: {' '.join(error.messages)}", messages.ERROR)


@admin.register(ContributionNote)
class ContributionNoteAdmin(AccessibleAdminMixin, admin.ModelAdmin):
    form = GuardedModelForm
    list_display = ["team", "milestone", "member", "written_by", "created_at"]
    list_select_related = ["team", "milestone__capstone", "member", "written_by"]
    raw_id_fields = ["member", "written_by"]


@admin.register(DemoSlot)
class DemoSlotAdmin(AccessibleAdminMixin, admin.ModelAdmin):
    form = GuardedModelForm
    list_display = ["team", "cohort", "starts_at", "minutes", "room"]
    list_select_related = ["team", "cohort"]
