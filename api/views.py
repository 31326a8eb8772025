"""The account page's token controls (create, revoke) and the JSON 404 for other /api/ paths."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from api import errors, services
from api.forms import TokenCreateForm
from api.models import ApiToken


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
