"""The account page's token controls (create, revoke), the JSON 404 for other /api/ paths,
and the `lodestar` client: the page that says how to install it, and its wheel."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponseNotFound, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import condition, require_POST, require_safe

from api import client_dist, errors, services
from api.forms import TokenCreateForm
from api.models import ApiToken
from api.v1 import API_VERSION


def _get_token_for_user(request, pk: int) -> ApiToken:
    """An active token of the logged-in user, else 404."""
    if not 0 < pk < 2**63:  # PostgreSQL refuses larger ids
        raise Http404("No such token.")
    return get_object_or_404(ApiToken, pk=pk, user=request.user, revoked_at__isnull=True)


@never_cache
@login_required
@require_POST
def token_create(request):
    form = TokenCreateForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))
        return redirect("account")
    try:
        created = services.token_create(
            user=request.user,
            **form.cleaned_data,
            # Staff and instructors reach this page only past the second factor.
            second_factor=request.user.is_verified(),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("account")
    return render(request, "api/token_created.html", {"created": created}, status=201)


@login_required
@require_POST
def token_revoke(request, pk: int):
    token = _get_token_for_user(request, pk)
    services.token_revoke(token=token)
    messages.success(request, f"The token “{token.name}” is revoked; it no longer works.")
    return redirect("account")


@csrf_exempt
def api_not_found(request):
    """Any other address under /api/: a JSON 404 like the API's own, not the site's HTML page."""
    return JsonResponse(errors.body("Not found.", "not_found"), status=404)


@login_required
@require_safe
def client_install(request):
    """The exact commands for this site: install the client from here, log in, a notebook cell."""
    wheel = client_dist.built_wheel()
    return render(
        request,
        "api/client.html",
        {
            "wheel": wheel,
            "wheel_url": client_dist.wheel_url(request, wheel) if wheel else "",
            "site_url": request.build_absolute_uri("/").rstrip("/"),
            "api_version": API_VERSION,
        },
    )


def _wheel_etag(request, filename):
    wheel = client_dist.built_wheel()
    return f'"{wheel.sha256}"' if wheel and wheel.filename == filename else None


@require_safe
@condition(etag_func=_wheel_etag)
def client_wheel(request, filename):
    """The client's wheel, for anyone (it holds no secret): pip fetches it by this address.
    Only the newest wheel in the build folder, by its exact name; anything else is a 404."""
    wheel = client_dist.built_wheel()
    if wheel is None:
        return _not_a_wheel(
            "This site has not built its lodestar client: an administrator runs `make install` "
            "(or builds the Docker image), which puts it in LODESTAR_CLIENT_DIR."
        )
    if filename != wheel.filename:
        return _not_a_wheel(
            f"No such file here. This site serves the lodestar client as {wheel.filename}: "
            f"see {request.build_absolute_uri(reverse('client_install'))} for the command."
        )
    response = FileResponse(
        open(wheel.path, "rb"),  # noqa: SIM115 - FileResponse closes it
        content_type="application/zip",
        as_attachment=True,
        filename=wheel.filename,
    )
    # The address names the version; a rebuild of the same version may differ in its bytes,
    # so a cache asks again (the ETag is the checksum the install page shows).
    response["Cache-Control"] = "public, no-cache"
    return response


def _not_a_wheel(message: str):
    return HttpResponseNotFound(message + "\n", content_type="text/plain; charset=utf-8")
