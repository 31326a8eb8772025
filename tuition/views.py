"""Tuition's pages: the deposit (plan, code, card through Stripe.js) and Stripe's webhook."""

import logging

import stripe
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from tuition import selectors, stripe_api
from tuition.forms import PlanForm
from tuition.models import TuitionAccount
from tuition.services import accounts, events, payments

logger = logging.getLogger("lodestar.tuition")


def _get_account_for_user(request, enrolment_pk: int) -> TuitionAccount:
    account = (
        selectors.accounts_with_figures()
        .select_related("enrolment__cohort__program__tuition")
        .filter(enrolment_id=enrolment_pk, enrolment__user=request.user)
        .first()
    )
    if account is None:
        raise Http404("No tuition for this enrolment.")
    return account


@login_required
@require_http_methods(["GET", "POST"])
def deposit(request, pk: int):
    """The plan and code (action=plan), then the card (Stripe.js posts action=pay)."""
    if not stripe_api.is_enabled():
        raise Http404("Payments are off: tuition is arranged with the school.")
    account = _get_account_for_user(request, pk)
    form = PlanForm(account=account)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "pay":
                deposit = account.deposit_current()
                if deposit.status == deposit.Status.PENDING:
                    events.payment_refresh(payment=deposit)  # a decline not heard of yet
                    account = _get_account_for_user(request, pk)
                payments.deposit_pay(
                    account=account, setup_intent_id=request.POST.get("setup_intent", "")
                )
                messages.success(
                    request, "Thank you: your deposit is being processed. A receipt follows."
                )
                return redirect("account")
            form = PlanForm(request.POST, account=account)
            if form.is_valid():
                accounts.plan_choose(
                    account=account,
                    installments=form.cleaned_data["installments"],
                    code=form.cleaned_data["code"],
                )
                messages.success(request, "Your plan is saved.")
                return redirect("tuition:deposit", pk=pk)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        except stripe.StripeError:
            logger.exception("deposit of account %s", account.pk)
            messages.error(request, "Payments are unavailable just now. Try again in a minute.")
        account = _get_account_for_user(request, pk)
    client_secret = ""
    if account.status == TuitionAccount.Status.AWAITING_DEPOSIT:
        try:
            client_secret = payments.card_setup_start(account=account)
        except stripe.StripeError:
            logger.exception("card setup of account %s", account.pk)
            messages.error(request, "Payments are unavailable just now. Try again in a minute.")
    response = render(
        request,
        "tuition/deposit.html",
        {
            "statement": selectors.statement(account),
            "form": form,
            "client_secret": client_secret,
            "publishable_key": settings.STRIPE_PUBLISHABLE_KEY,
            "stripe_js_url": settings.STRIPE_JS_URL,
        },
    )
    origins = stripe_api.js_origins()
    response._csp_update = {"script-src": origins, "connect-src": origins, "frame-src": origins}
    return response


@csrf_exempt  # Stripe signs the request instead: the signature is the credential
@require_POST
def webhook(request):
    if not stripe_api.is_enabled():
        raise Http404("Payments are off.")
    try:
        outcome = events.webhook_receive(
            payload=request.body, signature=request.headers.get("Stripe-Signature", "")
        )
    except (ValueError, stripe.SignatureVerificationError):
        return HttpResponseBadRequest("Bad signature or payload.")
    return HttpResponse(outcome, content_type="text/plain")
