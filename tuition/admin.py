"""Tuition in the admin: prices, codes and scholarships (each use listed), accounts with
their balances, payments (overdue ones filtered), refunds and Stripe's events; CSV exports."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils import timezone

from config.admin_accessibility import AccessibleAdminMixin
from config.admin_readonly import RecordAdminMixin
from tuition import exports, money, selectors
from tuition.models import (
    DiscountCode,
    DiscountUse,
    Payment,
    Refund,
    StripeEvent,
    TuitionAccount,
    TuitionPrice,
)
from tuition.services import refunds


def _csv(filename: str, text: str) -> HttpResponse:
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@admin.register(TuitionPrice)
class TuitionPriceAdmin(AccessibleAdminMixin, admin.ModelAdmin):
    list_display = [
        "program",
        "currency",
        "price_minor",
        "deposit_minor",
        "max_installments",
        "deposit_hold_hours",
        "no_refund_from_week",
    ]


class DiscountUseInline(RecordAdminMixin, admin.TabularInline):
    model = DiscountUse
    extra = 0
    fields = readonly_fields = ["account", "amount_minor", "used_at"]


@admin.register(DiscountCode)
class DiscountCodeAdmin(AccessibleAdminMixin, admin.ModelAdmin):
    list_display = [
        "code",
        "is_scholarship",
        "only_for",
        "percent_off",
        "amount_off_minor",
        "times_used",
        "max_uses",
        "expires_at",
    ]
    list_filter = ["is_scholarship"]
    search_fields = ["code", "only_for__email"]
    readonly_fields = ["times_used"]
    inlines = [DiscountUseInline]


class OverdueFilter(admin.SimpleListFilter):
    title = "overdue"
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", "Overdue installments")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(pk__in=selectors.overdue_installments().values("pk"))
        return queryset


@admin.register(Payment)
class PaymentAdmin(RecordAdminMixin, admin.ModelAdmin):
    list_display = [
        "account",
        "kind",
        "number",
        "amount",
        "status",
        "due_at",
        "paid_at",
        "attempts",
    ]
    list_filter = [OverdueFilter, "status", "kind"]
    search_fields = ["account__enrolment__user__email", "payment_intent_id"]
    actions = ["export_csv"]

    @admin.display(description="amount")
    def amount(self, payment):
        return money.money_format(payment.amount_minor, payment.currency)

    @admin.action(description="Export the selected payments as CSV")
    def export_csv(self, request, queryset):
        return _csv("payments.csv", exports.payments_csv(queryset))


@admin.register(TuitionAccount)
class TuitionAccountAdmin(AccessibleAdminMixin, admin.ModelAdmin):
    list_display = ["enrolment", "status", "total", "owed", "needs_staff", "deposit_due_at"]
    list_filter = ["status", "needs_staff"]
    search_fields = ["enrolment__user__email"]
    readonly_fields = [
        "enrolment",
        "currency",
        "price_minor",
        "deposit_minor",
        "discount_minor",
        "stripe_customer_id",
        "setup_intent_id",
        "payment_method_id",
        "created_at",
    ]
    actions = ["export_csv", "refund_by_policy", "clear_flag"]

    def has_add_permission(self, request):
        return False  # opened by the services when a seat is kept

    def get_queryset(self, request):
        return selectors.accounts_with_figures()

    @admin.display(description="total")
    def total(self, account):
        return selectors.statement(account).total

    @admin.display(description="owed")
    def owed(self, account):
        return selectors.statement(account).owed

    @admin.action(description="Export the selected balances as CSV")
    def export_csv(self, request, queryset):
        return _csv("balances.csv", exports.balances_csv(queryset))

    @admin.action(description="Refund by the program's policy (today)")
    def refund_by_policy(self, request, queryset):
        for account in queryset:
            try:
                amount, cancelled = refunds.refund_by_policy(
                    account=account, decided_by=request.user, today=timezone.localdate()
                )
            except ValidationError as error:
                messages.error(request, f"{account}: {' '.join(error.messages)}")
            else:
                messages.success(
                    request,
                    f"{account}: {money.money_format(amount, account.currency)} refunded, "
                    f"{cancelled} scheduled installment(s) cancelled; the account is closed. "
                    "The enrolment is unchanged: withdraw it under Enrolments if they leave.",
                )

    @admin.action(description="Clear the staff flag (followed up)")
    def clear_flag(self, request, queryset):
        cleared = queryset.update(needs_staff=False)
        messages.success(request, f"{cleared} account(s) no longer flagged.")


@admin.register(Refund)
class RefundAdmin(RecordAdminMixin, admin.ModelAdmin):
    list_display = [
        "account",
        "amount_minor",
        "currency",
        "reason",
        "decided_by",
        "stripe_refund_id",
        "created_at",
    ]


@admin.register(StripeEvent)
class StripeEventAdmin(RecordAdminMixin, admin.ModelAdmin):
    list_display = ["event_id", "type", "outcome", "received_at"]
    search_fields = ["event_id"]
