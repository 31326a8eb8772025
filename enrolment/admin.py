"""Staff tools: programs, cohorts with their counts, enrolments and their history.

Every change to an enrolment goes through enrolment.services, so seats, the waitlist
and the history stay consistent whatever staff click.
"""

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone

from config.admin_accessibility import AccessibleAdminMixin, LabelledTabularInline
from config.guards import GuardedModelForm
from enrolment import exports, selectors
from enrolment.forms import MoveCohortForm, RejectForm
from enrolment.models import Cohort, Enrolment, EnrolmentEvent, Program
from enrolment.services import changes, programs


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    form = GuardedModelForm
    list_display = [
        "name",
        "weeks",
        "hours_per_week",
        "format",
        "admission",
        "offer_hours",
        "price",
    ]
    prepopulated_fields = {"slug": ["name"]}


class CohortStatusFilter(admin.SimpleListFilter):
    """Status is derived from dates and seats, so filter with the matching date/seat query."""

    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return Cohort.Status.choices

    def queryset(self, request, queryset):
        if self.value() in Cohort.Status.values:
            return queryset.with_status(self.value())
        return queryset


class CohortAdminForm(GuardedModelForm):
    class Meta:
        model = Cohort
        fields = [
            "program",
            "name",
            "start_date",
            "application_deadline",
            "capacity",
            "instructors",
        ]

    def clean_capacity(self):
        capacity = self.cleaned_data["capacity"]
        if capacity < self.instance.seats_taken:
            raise ValidationError(
                f"{self.instance.seats_taken} people hold a seat already: withdraw or move "
                "some of them before lowering the capacity below that."
            )
        return capacity


class EnrolmentInline(LabelledTabularInline):
    model = Enrolment
    fields = ["user", "student_email", "status", "created_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    ordering = ["status", "created_at", "pk"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description="email")
    def student_email(self, enrolment):
        return enrolment.user.email


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    form = CohortAdminForm
    list_display = [
        "name",
        "program",
        "start_date",
        "end_date",
        "status_label",
        "seats",
        "waitlisted",
    ]
    list_filter = ["program", CohortStatusFilter, "start_date"]
    search_fields = [
        "name",
        "enrolments__user__first_name",
        "enrolments__user__last_name",
        "enrolments__user__email",
    ]
    date_hierarchy = "start_date"
    readonly_fields = ["end_date", "seats_taken"]
    filter_horizontal = ["instructors"]
    inlines = [EnrolmentInline]

    def get_queryset(self, request):
        return selectors.cohort_list_with_counts()

    @admin.display(description="status")
    def status_label(self, cohort):
        return cohort.get_status_display()

    @admin.display(description="enrolled / capacity", ordering="enrolled_count")
    def seats(self, cohort):
        return f"{cohort.enrolled_count} / {cohort.capacity}"

    @admin.display(description="waitlisted", ordering="waitlisted_count")
    def waitlisted(self, cohort):
        return cohort.waitlisted_count

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            programs.cohort_opened(cohort=obj, actor=request.user)
            placed = obj.enrolments.count()
            if placed:
                self.message_user(
                    request,
                    f"{placed} placed from the {obj.program.name} interest list.",
                    messages.SUCCESS,
                )
        if change and "capacity" in form.changed_data:
            # More seats: the waitlist moves up at once.
            promoted = changes.waitlist_promote(cohort=obj, actor=request.user)
            if promoted:
                self.message_user(
                    request, f"{len(promoted)} offered a seat from the waitlist.", messages.SUCCESS
                )


class EnrolmentEventInline(LabelledTabularInline):
    model = EnrolmentEvent
    fk_name = "enrolment"
    fields = ["at", "actor", "from_status", "to_status", "from_cohort", "to_cohort", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = "history"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor", "from_cohort", "to_cohort")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin):
    list_display = [
        "student",
        "email",
        "cohort",
        "status",
        "waitlist_position",
        "created_at",
    ]
    list_filter = ["status", "cohort__program", "cohort"]
    search_fields = ["user__first_name", "user__last_name", "user__email", "cohort__name"]
    list_select_related = ["user", "cohort__program"]
    readonly_fields = [
        "user",
        "cohort",
        "status",
        "background",
        "python_experience",
        "java_experience",
        "cpp_experience",
        "motivation",
        "due_reminders",
        "created_at",
        "updated_at",
    ]
    fields = readonly_fields
    inlines = [EnrolmentEventInline]
    actions = ["approve", "reject", "waitlist", "withdraw", "move_to_cohort", "export_csv"]

    def get_queryset(self, request):
        return selectors.enrolment_list_with_positions(super().get_queryset(request))

    def has_add_permission(self, request):
        # People join through the sign-up form (or staff move existing enrolments).
        return False

    @admin.display(description="student", ordering="user__last_name")
    def student(self, enrolment):
        return enrolment.user.get_full_name() or enrolment.user.get_username()

    @admin.display(description="email", ordering="user__email")
    def email(self, enrolment):
        return enrolment.user.email

    @admin.display(description="waitlist #")
    def waitlist_position(self, enrolment):
        return selectors.waitlist_position(enrolment=enrolment) or "-"

    def _apply(self, request, queryset, service, done: str):
        succeeded, failures = 0, []
        for enrolment in queryset.select_related("user", "cohort").order_by("created_at", "pk"):
            try:
                service(enrolment=enrolment, actor=request.user)
            except ValidationError as error:
                failures.append(f"{enrolment.user}: {' '.join(error.messages)}")
            else:
                succeeded += 1
        if succeeded:
            self.message_user(request, f"{succeeded} {done}.", messages.SUCCESS)
        for failure in failures:
            self.message_user(request, failure, messages.ERROR)

    @admin.action(
        description="Accept (offer a seat; the waitlist when full)", permissions=["change"]
    )
    def approve(self, request, queryset):
        self._apply(request, queryset, changes.enrolment_approve, "accepted")

    @admin.action(description="Reject (with an optional message)…", permissions=["change"])
    def reject(self, request, queryset):
        form = RejectForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            message = form.cleaned_data["message"]

            def reject(*, enrolment, actor):
                return changes.enrolment_reject(enrolment=enrolment, actor=actor, message=message)

            self._apply(request, queryset, reject, "rejected and told by email")
            return None
        return TemplateResponse(
            request,
            "enrolment/admin/reject.html",
            {
                **self.admin_site.each_context(request),
                "title": "Reject applications",
                "opts": self.model._meta,
                "form": form,
                "enrolments": queryset.select_related("user", "cohort"),
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )

    @admin.action(description="Move to the waitlist", permissions=["change"])
    def waitlist(self, request, queryset):
        self._apply(request, queryset, changes.enrolment_waitlist, "waitlisted")

    @admin.action(description="Withdraw", permissions=["change"])
    def withdraw(self, request, queryset):
        self._apply(request, queryset, changes.enrolment_withdraw, "withdrawn")

    @admin.action(description="Move to another cohort…", permissions=["change"])
    def move_to_cohort(self, request, queryset):
        form = MoveCohortForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            target, note = form.cleaned_data["cohort"], form.cleaned_data["note"]

            def move(*, enrolment, actor):
                return changes.enrolment_move(
                    enrolment=enrolment, to_cohort=target, actor=actor, note=note
                )

            self._apply(request, queryset, move, f"moved to {target}")
            return None
        return TemplateResponse(
            request,
            "enrolment/admin/move_cohort.html",
            {
                **self.admin_site.each_context(request),
                "title": "Move enrolments to another cohort",
                "opts": self.model._meta,
                "form": form,
                "enrolments": queryset.select_related("user", "cohort"),
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )

    @admin.action(description="Export selected as CSV", permissions=["view"])
    def export_csv(self, request, queryset):
        response = HttpResponse(exports.enrolments_csv(queryset), content_type="text/csv")
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="enrolments-{stamp}.csv"'
        return response


# Django's own user admin, with names for the date and time halves of "last login" and
# "date joined" (config/admin_accessibility.py).
User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class LodestarUserAdmin(AccessibleAdminMixin, UserAdmin):
    pass


from enrolment import admin_admissions  # noqa: E402, F401  (offers, the interest list)
