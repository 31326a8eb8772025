"""A student's check-in with the session's code: accepted only inside its window (10
minutes before the start until the end), present or late, with a clear message otherwise;
wrong codes are throttled."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from live import rules, services
from live.models import Attendance, CheckInAttempt
from tests.live.conftest import SESSION_START_UTC, make_session

pytestmark = pytest.mark.django_db

MINUTE = datetime.timedelta(minutes=1)


def _post(client, code, user=None):
    """Post a code (logging `user` in first: a session made at the real date would have
    expired by the travelled one)."""
    if user is not None:
        client.force_login(user)
    return client.post(reverse("live:check_in"), {"code": code})


@pytest.mark.parametrize(
    ("moment", "accepted", "status"),
    [
        (SESSION_START_UTC - 10 * MINUTE - datetime.timedelta(seconds=1), False, None),  # before
        (SESSION_START_UTC - 10 * MINUTE, True, "present"),  # the window opens
        (SESSION_START_UTC + 10 * MINUTE, True, "present"),  # inside, on time
        (SESSION_START_UTC + 45 * MINUTE, True, "late"),  # inside, late
        (SESSION_START_UTC + 90 * MINUTE - datetime.timedelta(seconds=1), True, "late"),
        (SESSION_START_UTC + 90 * MINUTE, False, None),  # the session ended: closed
    ],
)
def test_check_in_is_accepted_only_in_the_window(
    client, enrolled_alice, alice, lecture, moment, accepted, status
):
    with time_machine.travel(moment, tick=False):
        response = _post(client, lecture.checkin_code.lower(), alice)  # any case
    row = Attendance.objects.filter(session=lecture, student=alice).first()
    if accepted:
        assert response.status_code == 302
        assert row.status == status and row.source == Attendance.Source.CHECK_IN
    else:
        assert response.status_code == 400 and row is None
        text = response.content.decode()
        if moment < SESSION_START_UTC:
            # Alice reads the site's zone (UTC): the window opens at 11:50 UTC.
            assert "opens at 11:50" in text and "10 minutes before it starts" in text
        else:
            assert "closed at 13:30" in text and "Ask your instructor" in text
        # A right code out of its window is no wrong guess.
        assert not CheckInAttempt.objects.filter(student=alice).exists()


def test_the_window_rule_itself():
    start = SESSION_START_UTC
    window = rules.check_in_window(starts_at=start, ends_at=start + 90 * MINUTE)
    assert window.state(start - 11 * MINUTE) == "early"
    assert window.state(start - 10 * MINUTE) == "open"
    assert window.state(start + 89 * MINUTE) == "open"
    assert window.state(start + 90 * MINUTE) == "closed"


def test_a_second_check_in_keeps_the_first_mark(client, enrolled_alice, alice, lecture):
    with time_machine.travel(SESSION_START_UTC, tick=False):
        _post(client, lecture.checkin_code, alice)
    with time_machine.travel(SESSION_START_UTC + 30 * MINUTE, tick=False):
        response = _post(client, lecture.checkin_code)
    assert response.status_code == 302
    assert Attendance.objects.get(session=lecture, student=alice).status == "present"


def test_another_cohorts_code_is_a_wrong_code(client, enrolled_alice, alice, other_cohort):
    theirs = make_session(other_cohort)
    with time_machine.travel(SESSION_START_UTC, tick=False):
        response = _post(client, theirs.checkin_code, alice)
    assert response.status_code == 400
    assert "matches no session of your cohort" in response.content.decode()
    assert not Attendance.objects.exists()


def test_wrong_codes_are_throttled(client, enrolled_alice, alice, lecture):
    with time_machine.travel(SESSION_START_UTC, tick=False):
        client.force_login(alice)
        for left in range(rules.CHECK_IN_TRIES - 1, -1, -1):
            response = _post(client, "ZZZZZZ")
            assert f"{left} tr" in response.content.decode()
        # Even the right code waits now: guessing gets at most 5 tries per 10 minutes.
        response = _post(client, lecture.checkin_code)
    assert response.status_code == 400
    assert "Too many wrong codes: wait 10 minutes" in response.content.decode()
    assert not Attendance.objects.exists()
    with time_machine.travel(SESSION_START_UTC + 11 * MINUTE, tick=False):
        assert _post(client, lecture.checkin_code).status_code == 302
    assert Attendance.objects.get(student=alice).status == "late"


def test_codes_are_long_and_drawn_from_an_unambiguous_alphabet():
    codes = {rules.new_code() for _ in range(200)}
    assert len(codes) == 200
    assert all(len(code) == 6 and set(code) <= set(rules.CODE_ALPHABET) for code in codes)
    assert len(rules.CODE_ALPHABET) ** rules.CODE_LENGTH > 800_000_000


def test_an_empty_code_says_what_to_type(client, enrolled_alice, alice, lecture):
    client.force_login(alice)
    response = _post(client, " - ")
    assert response.status_code == 400
    assert "Type the code your instructor shows" in response.content.decode()


def test_a_check_in_with_no_cohort_is_404(client, alice):
    client.force_login(alice)
    assert client.get(reverse("live:check_in")).status_code == 404
    with pytest.raises(services.CheckInRefused):
        services.check_in(student=alice, cohort=None, code="")
