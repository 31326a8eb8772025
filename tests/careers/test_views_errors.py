"""The friendly error pages served by the handlers in careers.views."""

import pytest
from django.test import RequestFactory

from careers.views import server_error

pytestmark = pytest.mark.django_db


def test_missing_page_gets_the_friendly_404(client, settings):
    settings.DEBUG = False

    response = client.get("/there-is-no-such-page/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "We could not find that page" in html
    assert "Back to the home page" in html


def test_server_error_page_renders_without_the_database():
    response = server_error(RequestFactory().get("/"))

    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()
