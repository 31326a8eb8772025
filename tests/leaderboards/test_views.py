"""The leaderboard page, its on/off switch, and the display-name settings on /account/."""

import pytest
from django.urls import reverse

from leaderboards.aliases import alias_for
from leaderboards.models import LeaderboardProfile, LeaderboardSetting

pytestmark = pytest.mark.django_db


def _url(lab, **query):
    url = reverse("leaderboards:leaderboard", args=[lab.slug])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_a_student_sees_the_cohort_board_with_the_reference_row(
    client, cohort, scored_lab, enrolled_alice, enrolled_bob, submit
):
    submit(enrolled_alice, 0.95)
    submit(enrolled_bob, 0.85)
    client.force_login(enrolled_alice)
    response = client.get(_url(scored_lab))
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count('data-testid="leaderboard-row"') == 2
    assert 'data-testid="reference-row"' in body and "0.9000" in body
    assert alias_for(enrolled_alice.pk) in body and alias_for(enrolled_bob.pk) in body
    # Classmates' real names and accounts are not on the page, nor a switch.
    assert "Bob Student" not in body and "bob@example.com" not in body
    assert 'data-testid="leaderboard-switch"' not in body


def test_a_display_name_is_shown_as_text(
    client, cohort, scored_lab, enrolled_alice, enrolled_bob, submit
):
    LeaderboardProfile.objects.create(user=enrolled_bob, display_name="<b>Bob</b> & co")
    submit(enrolled_bob, 0.9)
    client.force_login(enrolled_alice)
    body = client.get(_url(scored_lab)).content.decode()
    assert "&lt;b&gt;Bob&lt;/b&gt; &amp; co" in body and "<b>Bob</b>" not in body


def test_the_lab_page_and_the_dashboard_link_to_the_board(
    client, cohort, scored_lab, enrolled_alice
):
    client.force_login(enrolled_alice)
    board = _url(scored_lab)
    for page in (reverse("labs:detail", args=[scored_lab.slug]), reverse("labs:dashboard")):
        assert f'href="{board}"' in client.get(page).content.decode(), page


def test_the_gradebook_lab_page_links_to_the_cohort_board(client, cohort, scored_lab, instructor):
    client.force_login(instructor)
    page = client.get(reverse("labs:gradebook_lab", args=[cohort.pk, scored_lab.slug]))
    assert f"{_url(scored_lab)}?cohort={cohort.pk}" in page.content.decode()


def test_the_instructor_sees_real_names_and_turns_the_board_off(
    client, cohort, scored_lab, enrolled_alice, instructor, submit
):
    submit(enrolled_alice, 0.9)
    client.force_login(instructor)
    body = client.get(_url(scored_lab, cohort=cohort.pk)).content.decode()
    assert "Alice Student" in body and 'data-testid="leaderboard-switch"' in body

    switch = reverse("leaderboards:leaderboard_switch", args=[scored_lab.slug])
    response = client.post(switch, {"cohort": cohort.pk, "is_enabled": "off"})
    assert response.status_code == 302 and response["Location"] == _url(
        scored_lab, cohort=cohort.pk
    )
    setting = LeaderboardSetting.objects.get(cohort=cohort, lab=scored_lab)
    assert not setting.is_enabled and setting.changed_by == instructor
    body = client.get(response["Location"]).content.decode()
    assert "students of" in body and "do not see it" in body and "Alice Student" in body

    client.force_login(enrolled_alice)
    body = client.get(_url(scored_lab)).content.decode()
    assert 'data-testid="leaderboard-off"' in body
    assert 'data-testid="leaderboard-row"' not in body

    client.force_login(instructor)
    client.post(switch, {"cohort": cohort.pk, "is_enabled": "on"})
    client.force_login(enrolled_alice)
    assert 'data-testid="leaderboard-row"' in client.get(_url(scored_lab)).content.decode()


@pytest.mark.parametrize("persona", ["enrolled_alice", "other_instructor"])
def test_only_the_cohort_reviewers_can_switch_it(
    client, request, cohort, scored_lab, instructor, persona
):
    client.force_login(request.getfixturevalue(persona))
    switch = reverse("leaderboards:leaderboard_switch", args=[scored_lab.slug])
    response = client.post(switch, {"cohort": cohort.pk, "is_enabled": "off"})
    assert response.status_code == 404
    assert not LeaderboardSetting.objects.exists()


def test_the_switch_needs_a_csrf_token(cohort, scored_lab, instructor):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(instructor)
    switch = reverse("leaderboards:leaderboard_switch", args=[scored_lab.slug])
    assert client.post(switch, {"cohort": cohort.pk, "is_enabled": "off"}).status_code == 403
    assert not LeaderboardSetting.objects.exists()


@pytest.mark.parametrize("cohort_param", ["abc", "-1", "99999999999999999999", "987654"])
def test_a_bad_or_unknown_cohort_is_a_404(client, cohort, scored_lab, instructor, cohort_param):
    client.force_login(instructor)
    assert client.get(_url(scored_lab, cohort=cohort_param)).status_code == 404
    switch = reverse("leaderboards:leaderboard_switch", args=[scored_lab.slug])
    assert client.post(switch, {"cohort": cohort_param}).status_code == 404


def test_an_instructor_cannot_open_another_cohorts_board(
    client, cohort, scored_lab, other_instructor
):
    client.force_login(other_instructor)
    assert client.get(_url(scored_lab, cohort=cohort.pk)).status_code == 404
    # Their own cohort's board is theirs to see.
    assert client.get(_url(scored_lab)).status_code == 200


def test_someone_without_a_cohort_is_told_why(client, scored_lab, db):
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    response = client.get(_url(scored_lab))
    assert response.status_code == 403
    assert "Leaderboards are for the students" in response.content.decode()


def test_the_account_page_shows_the_alias_and_saves_a_display_name(client, enrolled_alice):
    client.force_login(enrolled_alice)
    body = client.get(reverse("account")).content.decode()
    assert alias_for(enrolled_alice.pk) in body and 'data-testid="leaderboard-profile-form"' in body
    response = client.post(
        reverse("leaderboards:profile"), {"display_name": "  Gradient Gal ", "is_hidden": "on"}
    )
    assert response.status_code == 302
    profile = LeaderboardProfile.objects.get(user=enrolled_alice)
    assert profile.display_name == "Gradient Gal" and profile.is_hidden
    body = client.get(response["Location"]).content.decode()
    assert "You are hidden from other students" in body
    # Clearing the name brings the alias back; unticking shows them again.
    client.post(reverse("leaderboards:profile"), {"display_name": ""})
    profile.refresh_from_db()
    assert profile.display_name == "" and not profile.is_hidden


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("GRADIENT gal", "Another student already uses this display name"),
        ("Quiet Heron 417", "are the site&#x27;s aliases"),
        ("bell\x07", "invisible control character"),
        ("\u202eevil", "direction marks"),
        ("x" * 41, "at most 40 characters"),
    ],
)
def test_a_display_name_that_cannot_be_used_is_refused_with_a_reason(
    client, enrolled_alice, enrolled_bob, name, message
):
    LeaderboardProfile.objects.create(user=enrolled_bob, display_name="Gradient Gal")
    client.force_login(enrolled_alice)
    response = client.post(reverse("leaderboards:profile"), {"display_name": name}, follow=True)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not LeaderboardProfile.objects.filter(user=enrolled_alice).exists()


def test_the_profile_form_takes_posts_only(client, enrolled_alice):
    client.force_login(enrolled_alice)
    assert client.get(reverse("leaderboards:profile")).status_code == 405
