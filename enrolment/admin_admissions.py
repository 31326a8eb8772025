"""Staff tools for admissions: seat offers (state, deadline) and the interest list (CSV)."""

from django.contrib import admin
from django.http import HttpResponse
from django.utils import timezone

from config.guards import GuardedModelForm
from enrolment import exports
from enrolment.models import Interest, Offer


class OfferAdminForm(GuardedModelForm):
    class Meta:
        model = Offer
        fields = ["expires_at"]


@admin.register(Offer)
class OfferAdmin(admin.ModelAdmin):
    """Offers are made and closed by the services; staff may move a pending deadline."""

    form = OfferAdminForm
    list_display = ["person", "cohort", "status", "created_at", "expires_at", "decided_at"]
    list_filter = ["status", "enrolment__cohort__program", "enrolment__cohort"]
    search_fields = ["enrolment__user__email", "enrolment__user__last_name"]
    list_select_related = ["enrolment__user", "enrolment__cohort"]
    date_hierarchy = "created_at"

    def get_fields(self, request, obj=None):
        return ["enrolment", "status", "created_at", "expires_at", "decided_at"]

    def get_readonly_fields(self, request, obj=None):
        fixed = ["enrolment", "status", "created_at", "decided_at"]
        if obj is None or obj.status != Offer.Status.PENDING:
            fixed.append("expires_at")
        return fixed

    def has_add_permission(self, request):
        return False  # offers come from the waitlist, or from accepting an application

    def has_delete_permission(self, request, obj=None):
        # A deleted pending offer would leave its seat held for nobody; closed ones may go.
        if obj is not None and obj.status == Offer.Status.PENDING:
            return False
        return super().has_delete_permission(request, obj)

    @admin.display(description="person", ordering="enrolment__user__email")
    def person(self, offer):
        return offer.enrolment.user.get_full_name() or offer.enrolment.user.email

    @admin.display(description="cohort", ordering="enrolment__cohort__start_date")
    def cohort(self, offer):
        return offer.enrolment.cohort


@admin.register(Interest)
class InterestAdmin(admin.ModelAdmin):
    """Who waits for a program's next cohort; placed in sign-up order when one opens."""

    list_display = ["person", "email", "program", "status", "created_at", "enrolment"]
    list_filter = ["status", "program"]
    search_fields = ["user__email", "user__first_name", "user__last_name"]
    list_select_related = ["user", "program", "enrolment__cohort"]
    readonly_fields = [
        "user",
        "program",
        "status",
        "created_at",
        "enrolment",
        "background",
        "python_experience",
        "java_experience",
        "cpp_experience",
        "motivation",
    ]
    fields = readonly_fields
    actions = ["export_csv"]

    def has_add_permission(self, request):
        return False  # people join through the sign-up form

    @admin.display(description="person", ordering="user__last_name")
    def person(self, interest):
        return interest.user.get_full_name() or interest.user.get_username()

    @admin.display(description="email", ordering="user__email")
    def email(self, interest):
        return interest.user.email

    @admin.action(description="Export selected as CSV", permissions=["view"])
    def export_csv(self, request, queryset):
        response = HttpResponse(exports.interests_csv(queryset), content_type="text/csv")
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="interest-list-{stamp}.csv"'
        return response
