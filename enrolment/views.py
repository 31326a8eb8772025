"""Programs, sign-up and the student's account page (withdraw, defer)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from config.guards import parse_id
from enrolment import hooks, links, selectors
from enrolment.account_panels import account_panels_render
from enrolment.forms import DeferForm, SignupForm
from enrolment.models import Enrolment, Program
from enrolment.program_sections import program_sections_render
from enrolment.services import changes, confirmations, offers


def _get_enrolment_for_user(request, pk: int) -> Enrolment:
    """The enrolment if it belongs to the logged-in user, else 404."""
    return get_object_or_404(
        Enrolment.objects.select_related("cohort__program"), pk=pk, user=request.user
    )


def programs(request):
    programs = list(selectors.program_list_with_upcoming_cohorts())
    # Other apps' parts of each program's card (syllabus: what each week covers).
    sections = program_sections_render(request, programs=programs)
    for program in programs:
        program.sections = sections[program.pk]
    return render(
        request, "enrolment/programs.html", {"programs": programs, "today": timezone.localdate()}
    )


@require_http_methods(["GET", "POST"])
def signup(request):
    if request.user.is_authenticated:
        messages.info(request, "You already have an account: here is where you stand.")
        return redirect("account")
    if request.method == "POST":
        form = SignupForm(request.POST)
        if form.is_valid():
            try:
                enrolment = form.submit()
            except ValidationError as error:
                _add_service_errors(form, error)
            else:
                login(request, enrolment.user, backend="security.backends.RolesModelBackend")
                return redirect("signup_done")
        form.explain_cohort_choice()
    else:
        form = SignupForm(initial=_signup_initial(request))
    return render(request, "enrolment/signup.html", {"form": form})


def signup_cohorts(request):
    """The sign-up form's cohort field for the chosen program (htmx swaps it in)."""
    program = Program.objects.filter(pk=parse_id(request.GET.get("program"))).first()
    form = SignupForm(initial={"program": program})
    return render(request, "enrolment/_signup_cohort_field.html", {"form": form})


@login_required
def signup_done(request):
    enrolment = selectors.enrolment_list_for_user(user=request.user).first()
    interest = selectors.interest_list_for_user(user=request.user).first()
    if interest is not None and (enrolment is None or interest.created_at > enrolment.created_at):
        return render(request, "enrolment/signup_done.html", {"interest": interest})
    if enrolment is None:
        return redirect("account")
    return render(
        request,
        "enrolment/signup_done.html",
        {
            "enrolment": enrolment,
            "position": selectors.waitlist_position(enrolment=enrolment),
            "needs_confirmation": not confirmations.is_confirmed(user=request.user),
        },
    )


@require_http_methods(["GET"])
def email_confirm(request, token: str):
    """The link in the sign-up email. Expired and broken links say what happened."""
    try:
        user = confirmations.email_confirm(token=token)
    except (links.LinkExpired, links.LinkInvalid) as error:
        expired = isinstance(error, links.LinkExpired)
        context = {"expired": expired, "confirm_hours": settings.ENROLMENT_CONFIRM_WITHIN_HOURS}
        return render(
            request,
            "enrolment/email_confirm_failed.html",
            context,
            status=410 if expired else 404,
        )
    if request.user.is_authenticated and request.user.pk == user.pk:
        messages.success(request, f"Thank you: {user.email} is confirmed.")
        return redirect("account")
    return render(request, "enrolment/email_confirmed.html", {"confirmed_email": user.email})


@login_required
@require_POST
def email_confirm_resend(request):
    try:
        confirmations.confirmation_resend(user=request.user)
    except ValidationError as error:
        messages.info(request, " ".join(error.messages))
    else:
        messages.success(request, f"We sent a new confirmation link to {request.user.email}.")
    return redirect("account")


@require_http_methods(["GET", "POST"])
def offer(request, token: str):
    """The link in the offer email: see the offer, then accept or decline it (POST only, so
    a mail scanner that opens links answers nothing)."""
    try:
        offer_id = links.offer_token_read(token)
    except links.LinkInvalid:
        raise Http404("No such offer.") from None
    found = selectors.offer_for_link(offer_id=offer_id)
    if found is None:
        raise Http404("No such offer.")
    if request.method == "POST":
        answer = request.POST.get("answer")
        try:
            if answer == "accept":
                enrolment = offers.offer_accept(offer_id=found.pk)
                messages.success(request, f"Welcome to {enrolment.cohort}: the seat is yours.")
            elif answer == "decline":
                enrolment = offers.offer_decline(offer_id=found.pk)
                messages.info(
                    request,
                    f"You declined the seat in {enrolment.cohort}. It goes to the next person.",
                )
            else:
                messages.error(request, "Choose accept or decline.")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        if request.user.is_authenticated:
            return redirect("account")
        return redirect(request.path)
    return render(request, "enrolment/offer.html", {"offer": found})


@login_required
def account(request):
    enrolments = selectors.account_enrolments(user=request.user)
    for enrolment in enrolments:
        if enrolment.pending_offer is not None:
            token = links.offer_token(offer=enrolment.pending_offer)
            enrolment.offer_path = reverse("offer", kwargs={"token": token})
    return render(
        request,
        "enrolment/account.html",
        {
            "enrolments": enrolments,
            "interests": selectors.interest_list_for_user(user=request.user).filter(
                status="waiting"
            ),
            "needs_confirmation": not confirmations.is_confirmed(user=request.user),
            "confirm_hours": settings.ENROLMENT_CONFIRM_WITHIN_HOURS,
            # Other apps' panels (account_panels): leaderboards, API tokens, security, privacy.
            "panels": account_panels_render(request, is_enrolled=bool(enrolments)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def enrolment_withdraw(request, pk: int):
    enrolment = _get_enrolment_for_user(request, pk)
    if request.method == "POST":
        try:
            changes.enrolment_withdraw(enrolment=enrolment, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"You have withdrawn from {enrolment.cohort}.")
        return redirect("account")
    if not selectors.can_withdraw(enrolment):
        messages.error(request, "This enrolment can no longer be withdrawn.")
        return redirect("account")
    return render(
        request,
        "enrolment/withdraw_confirm.html",
        # What other apps say first, such as tuition's refund (enrolment/hooks.py).
        {"enrolment": enrolment, "notices": hooks.withdraw_notices(enrolment)},
    )


@login_required
@require_POST
def enrolment_reminders(request, pk: int):
    """Turn the due-date reminder emails of one enrolment on or off (a form on the account)."""
    enrolment = _get_enrolment_for_user(request, pk)
    wanted = request.POST.get("due_reminders") == "on"
    changes.enrolment_reminders_set(enrolment=enrolment, wanted=wanted)
    if wanted:
        messages.success(request, f"Reminders before due dates in {enrolment.cohort} are on.")
    else:
        messages.success(request, f"No more reminders before due dates in {enrolment.cohort}.")
    return redirect("account")


@login_required
@require_http_methods(["GET", "POST"])
def enrolment_defer(request, pk: int):
    enrolment = _get_enrolment_for_user(request, pk)
    form = DeferForm(request.POST or None, enrolment=enrolment)
    if request.method == "POST" and form.is_valid():
        try:
            enrolment = changes.enrolment_defer(
                enrolment=enrolment, to_cohort=form.cleaned_data["cohort"], actor=request.user
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"You moved to {enrolment.cohort} and are now "
                f"{enrolment.get_status_display().lower()}.",
            )
            return redirect("account")
    return render(request, "enrolment/defer.html", {"enrolment": enrolment, "form": form})


def _signup_initial(request) -> dict:
    initial = {}
    if program := request.GET.get("program"):
        initial["program"] = Program.objects.filter(slug=program).first()
    if cohort := parse_id(request.GET.get("cohort")):
        initial["cohort"] = cohort
    return initial


def _add_service_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
