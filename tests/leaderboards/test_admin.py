"""Staff turn a lab's leaderboard off for a cohort in the admin; the row says who did."""

import pytest
from django.urls import reverse

from leaderboards.models import LeaderboardSetting

pytestmark = pytest.mark.django_db


def test_staff_turn_a_board_off_in_the_admin(client, cohort, scored_lab, staff_user):
    client.force_login(staff_user)
    response = client.post(
        reverse("admin:leaderboards_leaderboardsetting_add"),
        {"cohort": cohort.pk, "lab": scored_lab.pk, "is_enabled": ""},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    setting = LeaderboardSetting.objects.get()
    assert (setting.cohort, setting.lab, setting.is_enabled) == (cohort, scored_lab, False)
    assert setting.changed_by == staff_user
    changelist = client.get(reverse("admin:leaderboards_leaderboardsetting_changelist"))
    assert scored_lab.title in changelist.content.decode()


def test_a_second_row_for_the_same_cohort_and_lab_is_refused(
    client, cohort, scored_lab, staff_user
):
    LeaderboardSetting.objects.create(cohort=cohort, lab=scored_lab, is_enabled=False)
    client.force_login(staff_user)
    response = client.post(
        reverse("admin:leaderboards_leaderboardsetting_add"),
        {"cohort": cohort.pk, "lab": scored_lab.pk, "is_enabled": "on"},
    )
    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    assert LeaderboardSetting.objects.count() == 1
