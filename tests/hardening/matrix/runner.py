"""Asking the matrix's probes as every persona, and comparing the answers."""

import json

from django.contrib import admin
from django.urls import reverse

from labs.models import Submission
from tests.hardening.matrix.probes import ADMIN_LOGIN, LOGIN, PERSONAS
from tests.hardening.matrix.table import probes_for, walk
from tests.outcomes.conftest import login_verified


def client_for(client, world, persona):
    if persona == "career_staff":
        # Past the second factor, which outcomes' pages ask of career staff (force_login
        # passes it only for staff and instructors).
        login_verified(client, world.users[persona])
    elif persona != "anonymous":
        client.force_login(world.users[persona])
    return client


def admin_object_id(world, name):
    app_label, model_name = name.split(":", 1)[1].rsplit("_", 1)[0].split("_", 1)
    for model in admin.site._registry:
        if model._meta.app_label == app_label and model._meta.model_name == model_name:
            obj = model._default_manager.order_by("pk").first()
            return str(obj.pk) if obj else None
    raise AssertionError(f"no admin model for {name}")


def check_status(response, expected) -> bool:
    if isinstance(expected, str) and expected.startswith("/"):
        return response.status_code == 302 and response["Location"] == expected
    if expected == LOGIN:
        return response.status_code == 302 and response["Location"].startswith(reverse("login"))
    if expected == ADMIN_LOGIN:
        return response.status_code == 302 and response["Location"].startswith(
            reverse("admin:login")
        )
    return response.status_code == expected


def run_matrix(client, world, names) -> list[str]:
    """Ask every probe of the routes named (a collection of names, or a predicate on a name)
    as every persona; return one line per wrong answer."""
    wanted = names if callable(names) else names.__contains__
    probes = []
    for _, name, _ in walk():
        if name is None or not wanted(name):
            continue
        for item in probes_for(name) or []:
            probes.append((name, item))
    # Reads first; writes last, so that they cannot change what the reads see.
    probes.sort(key=lambda pair: (pair[1].method == "POST", pair[0] == "enrolment_withdraw"))
    wrong = []
    for name, item in probes:
        if world.code_lab is None and "code_lab" in item.kwargs.__code__.co_names:
            continue
        kwargs = item.kwargs(world)
        if kwargs.get("object_id") == "EXISTING":
            kwargs["object_id"] = admin_object_id(world, name)
            if kwargs["object_id"] is None:
                continue
        url = reverse(name, kwargs=kwargs)
        for persona in PERSONAS:
            client.logout()
            headers = {}
            if item.auth == "token":
                if persona != "anonymous":
                    headers["Authorization"] = f"Bearer {world.tokens[persona]}"
            else:
                client_for(client, world, persona)
            call = client.post if item.method == "POST" else client.get
            data = item.data_fn(world) if item.data_fn else item.data
            if item.as_json:
                body = json.dumps(data)
                response = call(url, body, content_type="application/json", headers=headers)
            else:
                response = call(url, data, headers=headers)
            if not check_status(response, item.expected[persona]):
                wrong.append(
                    f"{item.method} {url} ({name}: {item.label}) as {persona}: "
                    f"got {response.status_code} {response.get('Location', '')}, "
                    f"expected {item.expected[persona]}"
                )
            body = b"".join(response.streaming_content) if response.streaming else response.content
            if any(row.encode() in body for row in world.secret_rows):
                wrong.append(f"{item.method} {url} as {persona}: HIDDEN LABELS IN THE RESPONSE")
    return wrong


def assert_nothing_stored(world):
    """No probe stored a submission; the regrade probes only re-queued A's."""
    assert Submission.objects.count() == 2
    world.submission_b.refresh_from_db()
    assert world.submission_b.status == Submission.Status.GRADED
