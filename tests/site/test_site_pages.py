"""What people see around the pages: the navbar, the error pages, the favicon, one sign-up
button style, the words on the dashboard and the feedback, and a quiet first run."""

import logging
import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from kombu import Connection

from careers.services import content_seed
from enrolment.services import changes
from labs.templatetags.labs_extras import humanize_key
from tests.enrolment import factories as enrolment_factories
from tests.factories import UserFactory
from tests.labs.factories import CohortFactory, EnrolmentFactory, lab_on_builtin

pytestmark = pytest.mark.django_db

NAV_LINK = re.compile(r'<a class="nav-link" href="[^"]+">([^<]+)</a>')


@pytest.fixture
def demo(db):
    """A running cohort with a student, its instructor and one lab; an upcoming cohort."""
    content_seed()
    cohort = CohortFactory()
    cohort.instructors.add(UserFactory(username="instructor"))
    EnrolmentFactory(cohort=cohort, user=UserFactory(username="student"))
    enrolment_factories.CohortFactory()
    return lab_on_builtin(slug="first-classifier", train_reference=False)


@pytest.fixture
def leaver(demo):
    """A student who withdrew from the running cohort."""
    enrolment = EnrolmentFactory(user=UserFactory(username="leaver"))
    changes.enrolment_withdraw(enrolment=enrolment, actor=enrolment.user, note="moved abroad")
    return enrolment.user


def _navbar_links(client) -> list[str]:
    html = client.get("/").content.decode()
    navbar = html[html.index('aria-label="Main"') : html.index("</nav>")]
    return [name.strip() for name in NAV_LINK.findall(navbar)]


def test_withdrawn_student_is_told_why_a_lab_is_closed(client, leaver):
    client.force_login(leaver)
    for url in ("/labs/first-classifier/", "/labs/first-classifier/download/train.csv"):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "Labs are open to students enrolled in a running cohort" in response.content.decode()
        assert 'href="/account/"' in response.content.decode()


def test_navbar_offers_only_what_each_person_may_open(client, demo, leaver):
    assert "Dashboard" not in _navbar_links(client)
    client.force_login(leaver)
    assert not {"Dashboard", "Labs", "Gradebook"} & set(_navbar_links(client))
    client.force_login(get_user_model().objects.get(username="student"))
    assert {"Dashboard", "Labs"} <= set(_navbar_links(client))
    assert "Gradebook" not in _navbar_links(client)
    client.force_login(get_user_model().objects.get(username="instructor"))
    links = _navbar_links(client)
    assert {"Labs", "Gradebook"} <= set(links)
    assert "Dashboard" not in links


def test_missing_page_says_what_happened_and_where_to_go(client, demo):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "We could not find that page" in html
    for url in ("/programs/", "/careers/faq/", 'href="/"'):
        assert url in html


def test_server_error_page_renders_alone():
    html = render_to_string("500.html")
    assert "Something went wrong on our side" in html and "favicon.svg" in html


def test_favicon_is_served(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("img/favicon.svg")
    assert 'rel="icon"' in client.get("/").content.decode()


def test_every_sign_up_button_has_one_style(client, demo):
    for url in ("/", "/programs/", "/careers/faq/", "/signup/"):
        html = client.get(url).content.decode()
        sign_ups = [
            tag
            for tag in re.findall(r"<(?:a|input|button)\b[^>]*>", html)
            if re.search(r'href="/signup/|value="Create my account', tag)
        ]
        assert sign_ups, url
        for tag in sign_ups:
            classes = re.search(r'class="([^"]*)"', tag).group(1).split()
            assert "btn-signup" in classes, (url, tag)
            assert "btn-warning" not in classes, (url, tag)


def test_regression_errors_have_their_full_names():
    assert humanize_key("mae") == "Mean absolute error (MAE)"
    assert humanize_key("rmse") == "Root mean squared error (RMSE)"
    assert humanize_key("some_new_key") == "Some new key"


def test_kombu_does_not_warn_about_a_missing_host(caplog):
    options = getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", {})
    with caplog.at_level(logging.WARNING, logger="kombu"):
        Connection(settings.CELERY_BROKER_URL, transport_options=options)._info()
    assert "No hostname" not in caplog.text


def test_what_a_task_prints_is_not_a_warning():
    assert settings.CELERY_WORKER_REDIRECT_STDOUTS_LEVEL == "INFO"
