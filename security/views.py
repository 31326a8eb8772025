"""Second-factor pages: set up an authenticator, verify a log-in, new recovery codes, turn off."""

from urllib.parse import urlencode

import django_otp
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from security import twofactor
from security.forms import CodeForm

# The secret of an authenticator being set up lives in the session until a code confirms it,
# so that opening the page writes nothing.
PENDING_SECRET = "second_factor_pending_secret"  # noqa: S105 - a session key's name


def _next_url(request) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    # A path on this site only ("/..."): never another host, never a bare word that
    # redirect() would take for a view name.
    if wanted.startswith("/") and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return reverse("account")


def _redirect_with_next(request, name: str):
    return redirect(f"{reverse(name)}?{urlencode({'next': _next_url(request)})}")


def _log_in_with(request, device) -> None:
    """This session has passed the second factor: a new session key, then the device."""
    request.session.cycle_key()
    django_otp.login(request, device)


def _recovery_codes_page(request, codes, *, status=200):
    return render(
        request,
        "security/recovery_codes.html",
        {"codes": codes, "next": _next_url(request)},
        status=status,
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def setup(request):
    user = request.user
    # Replacing an authenticator (a new phone) takes a session verified with the old one;
    # otherwise a stolen password would be enough to add the thief's.
    if twofactor.has_second_factor(user) and not user.is_verified():
        return _redirect_with_next(request, "second_factor_verify")
    key = request.session.get(PENDING_SECRET)
    if not twofactor.is_valid_secret(key):
        key = request.session[PENDING_SECRET] = twofactor.new_secret()
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = twofactor.authenticator_confirm(
                user=user, key=key, code=form.cleaned_data["code"]
            )
        except ValidationError as error:
            form.add_error("code", error)
        else:
            request.session.pop(PENDING_SECRET, None)
            _log_in_with(request, device)
            return _recovery_codes_page(request, codes, status=201)
    uri = twofactor.otpauth_uri(user=user, key=key)
    return render(
        request,
        "security/setup.html",
        {
            "form": form,
            "secret": twofactor.secret_base32(key),
            "otpauth_uri": uri,
            "qr_code": twofactor.qr_code_svg(uri),
            "required": twofactor.required_by_role(user),
            "next": _next_url(request),
        },
        status=400 if form.errors else 200,
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def verify(request):
    user = request.user
    if user.is_verified():
        return HttpResponseRedirect(_next_url(request))
    if not twofactor.has_second_factor(user):
        if twofactor.required_by_role(user):
            return _redirect_with_next(request, "second_factor_setup")
        return redirect("account")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = twofactor.code_verify(user=user, code=form.cleaned_data["code"])
        if result.device is not None:
            _log_in_with(request, result.device)
            return HttpResponseRedirect(_next_url(request))
        form.add_error("code", result.problem)
    return render(
        request,
        "security/verify.html",
        {"form": form, "next": _next_url(request)},
        status=400 if form.errors else 200,
    )


@never_cache
@login_required
@require_POST
def recovery_codes(request):
    """Ten new recovery codes (the old ones stop working), from a verified session only."""
    if not request.user.is_verified():
        messages.error(request, "Turn on two-factor authentication first.")
        return redirect("account")
    return _recovery_codes_page(request, twofactor.recovery_codes_replace(user=request.user))


@login_required
@require_POST
def turn_off(request):
    if not request.user.is_verified():
        messages.error(request, "Two-factor authentication is not on for this session.")
        return redirect("account")
    try:
        twofactor.second_factor_turn_off(user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Two-factor authentication is off for your account.")
    return redirect("account")
