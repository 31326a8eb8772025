"""Each row of the board shows the student's count of entries and when the last one came,
on the page and in the API (Kaggle's "Entries" and "Last")."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from labs.models import Submission

pytestmark = pytest.mark.django_db


@pytest.fixture
def activity(submit, enrolled_alice, enrolled_bob):
    """Alice: three graded files and a rejected one, the last 20 minutes ago; Bob: one."""
    submit(enrolled_alice, 0.9, minutes_ago=300)
    submit(enrolled_alice, 0.8, minutes_ago=120)
    submit(enrolled_alice, 0.7, minutes_ago=20)
    submit(enrolled_alice, 0.0, minutes_ago=10, status=Submission.Status.REJECTED)
    submit(enrolled_bob, 0.95, minutes_ago=60)


def _row_of(rows, name):
    return next(row for row in rows if row["student"] == name)


def test_the_page_shows_entries_and_the_last_ones_time(
    client, instructor, cohort, scored_lab, activity
):
    client.force_login(instructor)
    url = reverse("leaderboards:leaderboard", args=[scored_lab.slug]) + f"?cohort={cohort.pk}"

    html = client.get(url).content.decode()

    assert "Entries" in html and "last entry" in html
    cells = html.split('data-testid="entries">')[1:]
    counts = sorted(int(cell.split("<", 1)[0]) for cell in cells)
    assert counts == [1, 3]  # the rejected file is not an entry
    last = timezone.localtime(timezone.now() - datetime.timedelta(minutes=20))
    assert last.strftime("%H:%M") in html


def test_the_api_gives_entries_and_last_submitted_at(instructor, cohort, scored_lab, activity):
    from django.test import Client

    from tests.api.conftest import TokenClient, secret_for

    api = TokenClient(Client(), secret_for(instructor))
    url = f"/api/v1/labs/{scored_lab.slug}/leaderboard?cohort={cohort.pk}"

    rows = api.get(url).json()["rows"]

    alice = _row_of(rows, "Alice Student")
    assert alice["entries"] == 3
    sent = datetime.datetime.fromisoformat(alice["last_submitted_at"])
    expected = timezone.now() - datetime.timedelta(minutes=20)
    assert abs((sent - expected).total_seconds()) < 5
    assert _row_of(rows, "Bob Student")["entries"] == 1
    reference = next(row for row in rows if row["is_reference"])
    assert reference["entries"] == 0 and reference["last_submitted_at"] is None
