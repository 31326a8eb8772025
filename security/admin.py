"""Staff tools for two factors: reset someone's devices with a reason, and the record of resets.

django-otp's own device pages are removed from the admin: they would let staff add or
delete a device (or read its secret) without the reason and the record a reset keeps.
"""

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.template.response import TemplateResponse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from config.admin_readonly import RecordAdminMixin
from enrolment.admin import LodestarUserAdmin
from security import admin_audit, twofactor  # noqa: F401  (admin_audit: the audit trail's pages)
from security.forms import ResetForm
from security.models import SecondFactorReset

for device_model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(device_model):
        admin.site.unregister(device_model)


@admin.register(SecondFactorReset)
class SecondFactorResetAdmin(RecordAdminMixin, admin.ModelAdmin):
    """Read-only: a reset is made from the users' list (an action), and never undone here."""

    list_display = ["created_at", "username", "reset_by_username", "reason", "devices_removed"]
    search_fields = ["username", "reset_by_username", "reason"]
    date_hierarchy = "created_at"
    fields = ["created_at", "user", "username", "reset_by", "reset_by_username", "reason"]
    readonly_fields = fields


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class SecondFactorUserAdmin(LodestarUserAdmin):
    """The user admin, with who has two factors on and the reset action."""

    actions = ["second_factor_reset"]

    def get_list_display(self, request):
        return [*super().get_list_display(request), "has_second_factor"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                second_factor_on=Exists(
                    TOTPDevice.objects.filter(user_id=OuterRef("pk"), confirmed=True)
                )
            )
        )

    @admin.display(description="two factors", boolean=True, ordering="second_factor_on")
    def has_second_factor(self, user):
        return user.second_factor_on

    @admin.action(description="Reset two-factor authentication…", permissions=["change"])
    def second_factor_reset(self, request, queryset):
        form = ResetForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            done = []
            for user in queryset.order_by("username"):
                try:
                    twofactor.second_factor_reset(
                        user=user, actor=request.user, reason=form.cleaned_data["reason"]
                    )
                except ValidationError as error:
                    problem = " ".join(error.messages)
                    self.message_user(request, f"{user}: {problem}", messages.ERROR)
                else:
                    done.append(user.get_username())
            if done:
                self.message_user(
                    request,
                    f"Two factors reset for {', '.join(done)}: they set up a new authenticator "
                    "at their next page. The reset is recorded under Two-factor resets.",
                    messages.SUCCESS,
                )
            return None
        return TemplateResponse(
            request,
            "security/admin/reset.html",
            {
                **self.admin_site.each_context(request),
                "title": "Reset two-factor authentication",
                "opts": self.model._meta,
                "form": form,
                "people": queryset.order_by("username"),
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )
