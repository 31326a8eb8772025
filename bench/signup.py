"""A sign-up burst: 300 concurrent sign-ups through gunicorn and PostgreSQL for 30 seats.

Starts gunicorn with config/gunicorn.conf.py on the benchmark's throw-away database, opens
the form once per visitor (not timed: that is where each gets its CSRF token), then sends
all 300 POSTs at once. Each sign-up hashes a password (hundreds of ms of CPU by design),
so the floor for the burst is 300 x one hash / CPU cores; one hash is measured in the
same run. Run alone: `python -m bench signup`.
"""

import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
VISITORS = 300
SEATS = 30
PASSWORD = "a-long-enough-benchmark-passphrase"  # noqa: S105 - benchmark accounts only
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _database_url() -> str:
    from django.db import connection

    params = connection.settings_dict
    auth = params.get("USER") or ""
    if params.get("PASSWORD"):
        auth += f":{params['PASSWORD']}"
    auth = f"{auth}@" if auth else ""
    port = f":{params['PORT']}" if params.get("PORT") else ""
    return f"postgres://{auth}{params.get('HOST') or 'localhost'}{port}/{params['NAME']}"


def _hash_seconds() -> float:
    """One password hash with the project's hasher, the median of five."""
    from django.contrib.auth.hashers import make_password

    timings = []
    for _ in range(5):
        started = time.perf_counter()
        make_password(PASSWORD)
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def _start_gunicorn(port: int, workdir: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_ACCESS_LOG": str(workdir / "signup-access.log"),
        "DJANGO_DEBUG": "0",
    }
    log = (workdir / "signup-gunicorn.log").open("w")
    process = subprocess.Popen(  # noqa: S603 - our own gunicorn, fixed arguments
        [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/programs/", timeout=10).ok:
                return process
        except requests.RequestException:  # not listening yet, or still loading
            time.sleep(0.3)
    process.kill()
    raise RuntimeError("gunicorn did not start; see signup-gunicorn.log")


def _visitor(base: str, number: int, program_id: int, start: threading.Barrier, out: list):
    session = requests.Session()
    form = session.get(f"{base}/signup/?program=intensive", timeout=60)
    token = CSRF.search(form.text).group(1)
    data = {
        "csrfmiddlewaretoken": token,
        "name": f"Visitor {number}",
        "email": f"visitor{number}@example.com",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "program": program_id,
        "cohort": "",
        "background": "software_engineer",
        "python_experience": "some",
        "java_experience": "none",
        "cpp_experience": "none",
        "motivation": "I want to ship models.",
        "consent": "on",
    }
    start.wait(timeout=300)
    started = time.perf_counter()
    try:
        response = session.post(
            f"{base}/signup/",
            data=data,
            headers={"Referer": f"{base}/signup/"},
            allow_redirects=False,
            timeout=300,
        )
        ok = response.status_code == 302 and response.headers.get("Location", "").endswith(
            "/signup/done/"
        )
    except requests.RequestException:
        ok = False
    out.append((started, time.perf_counter(), ok))


def run(workdir: Path) -> dict:
    import datetime

    from django.utils import timezone

    from config.celery_app import app
    from enrolment.models import Cohort, Enrolment
    from enrolment.services import programs

    intensive = {p.slug: p for p in programs.programs_ensure_defaults()}["intensive"]
    cohort = programs.cohort_create(
        program=intensive,
        start_date=timezone.localdate() + datetime.timedelta(days=60),
        capacity=SEATS,
        name="Benchmark burst",
    )
    hash_s = _hash_seconds()
    port = _free_port()
    gunicorn = _start_gunicorn(port, workdir)
    try:
        start = threading.Barrier(VISITORS + 1)
        results: list = []
        threads = [
            threading.Thread(
                target=_visitor,
                args=(f"http://127.0.0.1:{port}", n, intensive.pk, start, results),
            )
            for n in range(VISITORS)
        ]
        for thread in threads:
            thread.start()
        start.wait(timeout=300)
        burst_started = time.perf_counter()
        for thread in threads:
            thread.join(timeout=600)
        burst_s = max(end for _, end, _ in results) - burst_started
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=60)
    app.control.purge()  # the confirmation emails nobody will send

    cohort.refresh_from_db()
    holding = Enrolment.objects.filter(cohort=cohort, status__in=Enrolment.HOLDING_A_SEAT)
    latencies = sorted((end - begin) * 1000 for begin, end, _ in results)
    errors = VISITORS - sum(ok for _, _, ok in results)
    floor_s = VISITORS * hash_s / (os.cpu_count() or 1)
    return {
        "signup_burst_s": round(burst_s, 2),
        "signup_hash_floor_s": round(floor_s, 2),
        "signup_overhead_ratio": round(burst_s / floor_s, 2),
        "signup_hash_ms": round(hash_s * 1000, 1),
        "signup_p50_ms": round(statistics.median(latencies), 1),
        "signup_p95_ms": round(latencies[int(0.95 * (len(latencies) - 1))], 1),
        "signup_errors": errors,
        "signup_overbooked": max(0, max(cohort.seats_taken, holding.count()) - SEATS),
        "signup_enrolments": Enrolment.objects.filter(cohort=cohort).count(),
        "signup_cohorts_full": int(Cohort.objects.get(pk=cohort.pk).seats_taken == SEATS),
    }
