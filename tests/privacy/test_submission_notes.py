"""A student's notes on their submissions are their data: in the export, gone on deletion."""

import json

import pytest

from labs.models import Submission
from tests.privacy.test_views_account_delete import delete_account
from tests.privacy.test_views_data_export import download

pytestmark = pytest.mark.django_db


def test_my_notes_are_in_my_export(client, classroom):
    alice = classroom.students["alice"]
    mine = classroom.submissions["alice"][0]
    Submission.objects.filter(pk=mine.pk).update(note="scaled features, C=0.5")
    client.force_login(alice)

    me = json.loads(download(client).read("me.json"))

    notes = {row["id"]: row["note"] for row in me["submissions"]}
    assert notes[mine.pk] == "scaled features, C=0.5"


def test_deleting_my_account_removes_my_notes(client, classroom):
    alice = classroom.students["alice"]
    Submission.objects.filter(student=alice).update(note="written by alice")

    response = delete_account(client, alice)

    assert response.status_code == 302
    assert not Submission.objects.filter(student=alice).exclude(note="").exists()
