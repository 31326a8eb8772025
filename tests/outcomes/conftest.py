"""Outcomes' personas: a graduate (gina) and her classmate (hugo), career staff (carla, in
the group, not staff), staff (sam, tests/conftest.py), and a finished cohort under a clock
set months after it ended."""

import datetime

import pytest
import time_machine
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from outcomes import access
from tests.factories import UserFactory
from tests.outcomes import factories as f

NOW = datetime.datetime(2027, 6, 16, 10, tzinfo=datetime.UTC)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield NOW


@pytest.fixture
def cohort_start():
    """`cohort` (tests/conftest.py) is finished: 2027-01-04 to 2027-03-28, period 2027 H1,
    as f.finished_cohort makes them."""
    return f.FINISHED_START


@pytest.fixture
def gina(cohort):
    return f.graduate(cohort, username="gina").user


@pytest.fixture
def hugo(cohort):
    return f.graduate(cohort, username="hugo").user


@pytest.fixture
def carla(db):
    user = UserFactory(username="carla", first_name="Carla")
    user.groups.add(access.career_staff_group())
    return user


def login_verified(client, user):
    """Log in past the second factor, as career staff who typed their code."""
    client.force_login(user)
    device = TOTPDevice.objects.get_or_create(user=user, name="Test", confirmed=True)[0]
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client
