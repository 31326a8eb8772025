"""The mixed-load benchmark's people (bench/mixed_users.py) stay runnable: locust can load
them, and every address they open comes from a URL name the site still has."""

import base64
import io
import json

import pytest
from django.http.multipartparser import MultiPartParser
from django.urls import resolve, reverse

from bench import mixed
from tests.support import python_in_project

# What locust sees in the file, read in a process of its own: importing locust patches the
# standard library for gevent, which this test process must not have.
INSPECT = """
import json
from bench import mixed_users as users
body, content_type = users._multipart(
    {"csrfmiddlewaretoken": "t" * 32}, ("file", "predictions.csv", b"id,prediction\\nr1,a\\n")
)
print(json.dumps({
    "users": {
        cls.__name__: {
            "fixed_count": cls.fixed_count,
            "tasks": sorted({task.__name__ for task in cls.tasks}),
        }
        for cls in (users.Student, users.Instructor)
    },
    "addresses": list(users.STUDENT_ADDRESSES + users.INSTRUCTOR_ADDRESSES),
    "body": __import__("base64").b64encode(body).decode(),
    "content_type": content_type,
}))
"""

SAMPLE_ARGS = {"lab": ["a-lab"], "leaderboard": ["a-lab"], "upload": ["a-lab"], "gradebook": [7]}


@pytest.fixture(scope="module")
def locustfile():
    return json.loads(python_in_project(INSPECT))


def test_locust_loads_the_students_and_instructors_with_their_tasks(locustfile):
    users = locustfile["users"]
    assert users["Student"]["tasks"] == ["dashboard", "lab", "leaderboard"]
    assert users["Instructor"]["tasks"] == ["gradebook"]
    assert users["Student"]["fixed_count"] == mixed.STUDENTS
    assert users["Instructor"]["fixed_count"] == mixed.INSTRUCTORS


def test_every_address_the_people_open_has_a_url_name_in_the_plan(locustfile):
    assert sorted(locustfile["addresses"]) == sorted(mixed.URL_NAMES)


@pytest.mark.parametrize("key", sorted(mixed.URL_NAMES))
def test_each_url_name_reverses_and_resolves_to_itself(key):
    name = mixed.URL_NAMES[key]
    path = reverse(name, args=SAMPLE_ARGS.get(key, []))
    assert resolve(path).view_name == name


def test_the_upload_body_is_a_form_django_reads(locustfile, rf):
    body = base64.b64decode(locustfile["body"])
    request = rf.post("/", data=body, content_type=locustfile["content_type"])
    meta = {**request.META, "CONTENT_LENGTH": str(len(body))}
    post, files = MultiPartParser(meta, io.BytesIO(body), request.upload_handlers).parse()
    assert post["csrfmiddlewaretoken"] == "t" * 32
    assert files["file"].name == "predictions.csv"
    assert files["file"].read() == b"id,prediction\nr1,a\n"
