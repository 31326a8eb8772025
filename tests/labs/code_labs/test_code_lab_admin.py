"""Staff make a lab a code lab in the admin."""

import pytest
from django.urls import reverse

from labs.models import Lab

pytestmark = pytest.mark.django_db


def test_staff_create_a_code_lab(admin_client, wine_lab, django_capture_on_commit_callbacks):
    data = {
        "slug": "wine-code",
        "title": "Wine in code",
        "summary": "s",
        "instructions": "i",
        "week": 2,
        "dataset": wine_lab.dataset.pk,
        "reference_name": "logistic_regression",
        "pass_ratio": 0.9,
        "daily_limit": 3,
        "is_published": "on",
        "submission_kind": "code",
        "references-TOTAL_FORMS": 0,
        "references-INITIAL_FORMS": 0,
    }
    with django_capture_on_commit_callbacks(execute=False):
        response = admin_client.post(reverse("admin:labs_lab_add"), data)
    assert response.status_code == 302
    assert Lab.objects.get(slug="wine-code").takes_code is True


def test_lab_list_can_be_filtered_by_kind(admin_client, wine_lab):
    response = admin_client.get(reverse("admin:labs_lab_changelist"), {"submission_kind": "code"})
    assert response.status_code == 200
    assert wine_lab.title not in response.content.decode().split('id="result_list"')[-1]
