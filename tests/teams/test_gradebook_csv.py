"""The gradebook's CSV names each student's capstone team, as its page and the API do."""

import csv
import io

import pytest
from django.urls import reverse

from tests.support import response_text

pytestmark = pytest.mark.django_db


def test_the_csv_has_each_students_team(
    client, team, cohort, scored_lab, instructor, enrolled_carol
):
    client.force_login(instructor)
    response = client.get(reverse("labs:gradebook_export", args=[cohort.pk]))
    rows = list(csv.reader(io.StringIO(response_text(response))))
    header, body = rows[0], rows[1:]
    assert header[:4] == ["username", "name", "email", "team"]
    teams = {line[0]: line[header.index("team")] for line in body}
    assert teams == {"alice": "Gradient Descenders", "bob": "Gradient Descenders", "carol": ""}
