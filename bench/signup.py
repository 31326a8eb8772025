"""A sign-up burst: 300 concurrent sign-ups through gunicorn and PostgreSQL for 30 seats.

Starts gunicorn with config/gunicorn.conf.py on the benchmark's throw-away database, opens
the form once per visitor (not timed: that is where each gets its CSRF token), then sends
all 300 POSTs at once. Each sign-up hashes a password (Argon2id, tens of ms of CPU by
design), so the floor for the burst is 300 x one hash / CPU cores; one hash is measured in
the same run. The confirmation emails go to a broker queue of the run's own, deleted with
them afterwards (bench/servers.py). Run alone: `python -m bench signup`.
"""

import http.client
import os
import re
import statistics
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

import requests

from bench import servers

VISITORS = 300
SEATS = 30
PASSWORD = "a-long-enough-benchmark-passphrase"  # noqa: S105 - benchmark accounts only
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _hash_seconds() -> float:
    """One password hash with the project's hasher, the median of five."""
    from django.contrib.auth.hashers import make_password

    timings = []
    for _ in range(5):
        started = time.perf_counter()
        make_password(PASSWORD)
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def _visitor(port: int, number: int, program_id: int, start: threading.Barrier, out: list):
    """Open the form (its CSRF token and cookie), then, at the barrier, send the sign-up.

    The POST is prepared in full before the barrier and sent with http.client: the burst
    times the server, and 300 threads building requests' sessions and parsing their
    responses took about a second of the same two CPUs (docs/benchmarks.md)."""
    base = f"http://127.0.0.1:{port}"
    session = requests.Session()
    form = session.get(f"{base}/signup/?program=intensive", timeout=60)
    body = urlencode(
        {
            "csrfmiddlewaretoken": CSRF.search(form.text).group(1),
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
    ).encode()
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": "; ".join(f"{name}={value}" for name, value in session.cookies.items()),
        "Referer": f"{base}/signup/",
    }
    start.wait(timeout=300)
    started = time.perf_counter()
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
        connection.request("POST", "/signup/", body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        connection.close()
        location = response.getheader("Location") or ""
        ok = response.status == 302 and location.endswith("/signup/done/")
    except OSError:
        ok = False
    out.append((started, time.perf_counter(), ok))


def _burst(port: int, program_id: int) -> tuple[float, list]:
    """Every visitor opens the form, then all POST at once: (the moment they did, results)."""
    start = threading.Barrier(VISITORS + 1)
    results: list = []
    threads = [
        threading.Thread(target=_visitor, args=(port, n, program_id, start, results))
        for n in range(VISITORS)
    ]
    for thread in threads:
        thread.start()
    start.wait(timeout=300)
    burst_started = time.perf_counter()
    for thread in threads:
        thread.join(timeout=600)
    return burst_started, results


def run(workdir: Path) -> dict:
    import datetime

    from django.utils import timezone

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
    port = servers.free_port()
    # The confirmation emails go to a queue of the benchmark's own, deleted afterwards.
    with servers.own_queue("signup") as queue:
        gunicorn = servers.start_gunicorn(port, workdir, name="signup", queue=queue)
        try:
            burst_started, results = _burst(port, intensive.pk)
        finally:
            servers.stop(gunicorn)
    burst_s = max(end for _, end, _ in results) - burst_started

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
