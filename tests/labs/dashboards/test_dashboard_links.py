"""Each lab on the dashboard links to its history, its page and its leaderboard: the same
addresses reverse() gives, though the page reverses each name once (a speed trick)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.labs.dashboard_factories import SubmissionFactory, lab_with_reference
from tests.labs.factories import CohortFactory, EnrolmentFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["labs:dashboard", "labs:dashboard_live"])
def test_every_open_lab_links_to_its_pages(client, alice, url):
    cohort = CohortFactory(start_date=timezone.localdate() - datetime.timedelta(weeks=3))
    EnrolmentFactory(user=alice, cohort=cohort)
    labs = [lab_with_reference(slug=f"lab-{week}", week=week) for week in (1, 2)]
    for lab in labs:
        SubmissionFactory(student=alice, cohort=cohort, lab=lab, public_score=0.5)
    client.force_login(alice)
    body = client.get(reverse(url)).content.decode()
    for lab in labs:
        for name in ("labs:dashboard_lab", "labs:detail", "leaderboards:leaderboard"):
            assert f'href="{reverse(name, args=[lab.slug])}"' in body, (name, lab.slug)
    assert "lab-slug-marker" not in body
