"""Fixtures for the client tests: a config folder of the test's own, a site with a student."""

import pytest

from api import services as token_services
from tests.factories import UserFactory
from tests.labs.factories import CohortFactory, EnrolmentFactory, lab_on_builtin


@pytest.fixture(autouse=True)
def config_home(tmp_path, monkeypatch):
    """XDG_CONFIG_HOME in tmp, and no LODESTAR_* variables from the developer's shell."""
    home = tmp_path / "config-home"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home))
    monkeypatch.delenv("LODESTAR_URL", raising=False)
    monkeypatch.delenv("LODESTAR_TOKEN", raising=False)
    return home


@pytest.fixture
def site(transactional_db, live_server):
    """A running site with Stella enrolled, a week-3 wine lab, and Stella's token."""
    stella = UserFactory(username="stella", first_name="Stella")
    cohort = CohortFactory(name="Spring intensive")
    EnrolmentFactory(user=stella, cohort=cohort)
    lab = lab_on_builtin(dataset_slug="wine", slug="wine-lab", week=3)
    token = token_services.token_create(user=stella, name="cli").secret
    return {"url": live_server.url, "token": token, "lab": lab, "student": stella}
