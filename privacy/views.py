"""A person's own data: everything about them as a ZIP, and deleting their account."""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from privacy import selectors, services
from privacy.forms import AccountDeleteForm
from privacy.zipstream import stored_file_entries, zip_chunks


@never_cache
@login_required
@require_POST
def data_export(request):
    """me.json and the person's uploads under files/, streamed as one ZIP."""
    try:
        services.data_export_record(user=request.user)
    except services.ExportThrottled as refused:
        messages.error(request, " ".join(refused.messages))
        return redirect(reverse("account") + "#my-data")
    # Read now, in full, so the JSON is one moment's truth; the files stream after it.
    export = selectors.personal_export(user=request.user)
    me = json.dumps(export.data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    entries = [("me.json", lambda: [me.encode()]), *stored_file_entries(export.files)]
    response = StreamingHttpResponse(zip_chunks(entries), content_type="application/zip")
    day = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="lodestar-my-data-{day}.zip"'
    return response


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request):
    """A confirmation page (the password again); staff and instructors are sent to an admin."""
    refusal = services.account_delete_refusal(user=request.user)
    form = AccountDeleteForm(request.POST or None, user=request.user)
    status = 200
    if refusal and request.method == "POST":
        status = 403
    elif request.method == "POST":
        if form.is_valid():
            try:
                services.account_delete(user=request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                logout(request)
                messages.success(
                    request,
                    "Your account is deleted. Your work still counts in your cohort's "
                    "numbers, under no name. Thank you for learning with us.",
                )
                return redirect("home")
        status = 400
    return render(
        request,
        "privacy/account_delete.html",
        {"form": form, "refusal": refusal},
        status=status,
    )
