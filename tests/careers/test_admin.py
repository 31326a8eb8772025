"""Staff edit every kind of career content in the admin; nobody else can."""

import pytest
from django.contrib import admin
from django.urls import reverse

from careers.models import (
    EntryRole,
    Language,
    PathPoint,
    Question,
    RealWorldApplication,
    Responsibility,
    Role,
    Skill,
    StudyPath,
    SystemType,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CAREER_MODELS = [
    Role,
    Responsibility,
    Skill,
    Language,
    SystemType,
    RealWorldApplication,
    EntryRole,
    StudyPath,
    PathPoint,
    Question,
]
PAGES = ["changelist", "add"]


def _url(model, page):
    return reverse(f"admin:careers_{model._meta.model_name}_{page}")


@pytest.mark.parametrize("model", CAREER_MODELS, ids=lambda m: m.__name__)
def test_every_model_has_list_display_search_and_ordering(model):
    model_admin = admin.site._registry[model]

    assert len(model_admin.list_display) > 1
    assert model_admin.search_fields
    assert model_admin.ordering


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("model", CAREER_MODELS, ids=lambda m: m.__name__)
def test_staff_can_open_admin_pages(client, staff_user, model, page):
    client.force_login(staff_user)

    response = client.get(_url(model, page))

    assert response.status_code == 200


@pytest.mark.parametrize("model", CAREER_MODELS, ids=lambda m: m.__name__)
def test_staff_search_finds_seeded_content(client, staff_user, model):
    client.force_login(staff_user)
    first = model.objects.first()
    term = str(first).split(":")[-1].split("(")[0].strip()

    response = client.get(_url(model, "changelist"), {"q": term})

    assert response.status_code == 200
    assert response.context["cl"].result_count >= 1


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("model", CAREER_MODELS, ids=lambda m: m.__name__)
def test_anonymous_visitors_are_sent_to_admin_login(client, model, page):
    url = _url(model, page)

    response = client.get(url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("model", CAREER_MODELS, ids=lambda m: m.__name__)
def test_students_are_sent_to_admin_login(client, alice, model, page):
    client.force_login(alice)

    response = client.get(_url(model, page))

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_study_path_page_edits_pros_and_cons_inline(client, staff_user):
    client.force_login(staff_user)
    bootcamp = StudyPath.objects.get(name="Bootcamp")

    response = client.get(reverse("admin:careers_studypath_change", args=[bootcamp.pk]))

    assert response.status_code == 200
    assert "Fast, focused and practical" in response.content.decode()


def test_staff_can_change_a_salary_from_the_list(client, staff_user):
    client.force_login(staff_user)
    role = Role.objects.get(name="Data Analyst")

    response = client.post(
        reverse("admin:careers_role_change", args=[role.pk]),
        {"name": role.name, "summary": role.summary, "average_salary_usd": 70_001, "ordering": 5},
    )

    assert response.status_code == 302
    role.refresh_from_db()
    assert role.average_salary_usd == 70_001


def test_staff_without_superuser_and_without_permissions_is_refused(client):
    clerk = UserFactory(username="clerk", is_staff=True)
    client.force_login(clerk)

    response = client.get(_url(Role, "changelist"))

    assert response.status_code == 403
