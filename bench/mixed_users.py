"""The people of the mixed-load benchmark, for locust: students and instructors.

bench/mixed.py runs this file in a `locust --headless` process of its own (locust patches
the standard library for gevent when it is imported, which the benchmark's own process,
with its database connection and threads, must not be). No Django here: the benchmark
writes a plan (MIXED_PLAN, a JSON file) with each person's session, made on the server as
the log-in form would leave it, and every address already reversed from its URL name
(bench.mixed.URL_NAMES); every request's outcome is written to MIXED_SAMPLES at the end.

Each person's first page comes at a random moment of their first pause, as it would for
people already at work: locust starts all 205 users within two seconds, and a first page
for each at once was a herd of 205 requests that no class makes (it was the slowest
twentieth of every run). A student opens a page every STUDENT_THINK_S seconds (20-40:
the dashboard, one of the labs or a leaderboard) and uploads a predictions CSV through the
lab page's form about once a minute (UPLOAD_EVERY_S, the first at a random moment of the
first minute). An instructor opens the cohort's gradebook every INSTRUCTOR_THINK_S seconds.
"""

import itertools
import json
import os
import random
import time
import uuid

from locust import FastHttpUser, between, events, task

STUDENT_THINK_S = (20, 40)
INSTRUCTOR_THINK_S = (10, 30)
UPLOAD_EVERY_S = (50, 70)
# What the plan gives each kind of person (the keys of bench.mixed.URL_NAMES).
STUDENT_ADDRESSES = ("dashboard", "lab", "leaderboard", "upload")
INSTRUCTOR_ADDRESSES = ("gradebook",)

_plan: dict = {}
_samples: list = []
_seats: dict = {}


def plan() -> dict:
    if not _plan:
        with open(os.environ["MIXED_PLAN"]) as source:
            _plan.update(json.load(source))
    return _plan


def _next_person(kind: str) -> dict:
    """Each simulated user takes the next account of its kind from the plan."""
    if kind not in _seats:
        _seats[kind] = itertools.cycle(plan()[kind])
    return next(_seats[kind])


@events.request.add_listener
def _record(request_type, name, response_time, exception, start_time=None, **kwargs):
    _samples.append({"name": name, "ms": response_time, "ok": exception is None, "at": start_time})


@events.quitting.add_listener
def _write_samples(environment, **kwargs):
    path = os.environ.get("MIXED_SAMPLES")
    if path:
        with open(path, "w") as out:
            json.dump(_samples, out)


class Person(FastHttpUser):
    abstract = True
    kind = ""

    think_s: tuple[int, int] = (0, 0)

    def on_start(self):
        self.person = _next_person(self.kind)
        self.cookie = "; ".join(f"{k}={v}" for k, v in self.person["cookies"].items())
        time.sleep(random.uniform(0, self.think_s[1]))  # gevent's sleep under locust

    def page(self, address: str, name: str):
        with self.client.get(
            address,
            name=name,
            headers={"Cookie": self.cookie},
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 200:  # a redirect is the log-in or second-factor wall
                response.failure(f"{name}: {response.status_code}")


class Student(Person):
    kind = "students"
    fixed_count = 200
    think_s = STUDENT_THINK_S
    wait_time = between(*STUDENT_THINK_S)

    def on_start(self):
        super().on_start()
        self.next_upload = time.monotonic() + random.uniform(0, 60)

    def _maybe_upload(self):
        if time.monotonic() < self.next_upload:
            return
        self.next_upload += random.uniform(*UPLOAD_EVERY_S)
        address = random.choice(self.person["upload"])
        body, content_type = _multipart(
            {"csrfmiddlewaretoken": self.person["csrf"]},
            ("file", "predictions.csv", plan()["predictions"].encode()),
        )
        with self.client.post(
            address,
            name="upload",
            data=body,
            headers={"Cookie": self.cookie, "Content-Type": content_type},
            allow_redirects=False,
            catch_response=True,
        ) as response:
            # Accepted: a redirect to the submission's page, where its grade will show.
            if response.status_code != 302 or "/submissions/" not in (
                response.headers.get("Location") or ""
            ):
                response.failure(f"upload: {response.status_code}")

    @task(3)
    def dashboard(self):
        self._maybe_upload()
        self.page(self.person["dashboard"], "dashboard")

    @task(3)
    def lab(self):
        self._maybe_upload()
        self.page(random.choice(self.person["lab"]), "lab")

    @task(2)
    def leaderboard(self):
        self._maybe_upload()
        self.page(random.choice(self.person["leaderboard"]), "leaderboard")


class Instructor(Person):
    kind = "instructors"
    fixed_count = 5
    think_s = INSTRUCTOR_THINK_S
    wait_time = between(*INSTRUCTOR_THINK_S)

    @task
    def gradebook(self):
        self.page(self.person["gradebook"], "gradebook")


def _multipart(fields: dict, file: tuple[str, str, bytes]) -> tuple[bytes, str]:
    """A multipart/form-data body, as a browser sends the lab page's upload form."""
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
        for key, value in fields.items()
    ]
    field, filename, content = file
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; '
        f'filename="{filename}"\r\nContent-Type: text/csv\r\n\r\n'.encode()
        + content
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"
