"""Processes a benchmark starts and stops itself: gunicorn on a free port, and a broker queue
of its own (so a benchmark never publishes to, purges or steals from the configured one)."""

import os
import socket
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

import requests
from kombu import Exchange, Queue

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url() -> str:
    """The benchmark's throw-away database as a URL, for the processes it starts."""
    from django.db import connection

    params = connection.settings_dict
    auth = params.get("USER") or ""
    if params.get("PASSWORD"):
        auth += f":{params['PASSWORD']}"
    auth = f"{auth}@" if auth else ""
    port = f":{params['PORT']}" if params.get("PORT") else ""
    return f"postgres://{auth}{params.get('HOST') or 'localhost'}{port}/{params['NAME']}"


@contextmanager
def own_queue(suite: str):
    """A broker queue only this run uses, named after the configured one
    (`<queue>.bench-<suite>-<random>`): this process publishes to it meanwhile, the
    processes the benchmark starts are given it (CELERY_QUEUE), and afterwards it and its
    code queue are deleted with whatever is left in them. The configured queue is never
    touched."""
    from config.celery_app import app
    from config.queues import code_queue_name

    previous = app.conf.task_default_queue
    name = f"{previous}.bench-{suite}-{uuid.uuid4().hex[:8]}"
    app.conf.task_default_queue = name  # read by Celery's router at every publish
    try:
        yield name
    finally:
        app.conf.task_default_queue = previous
        # Both queues are bound to the exchange named after the default queue, with its name
        # as the routing key (as the settings declare them); declared again here, so that
        # deleting them removes their bindings from the broker too.
        exchange = Exchange(name)
        with app.connection_for_write() as connection:
            channel = connection.default_channel
            for queue in (name, code_queue_name(name)):
                bound = Queue(queue, exchange, routing_key=name)(channel)
                bound.declare()
                bound.purge()
                bound.delete()
            exchange(channel).delete()


def start_gunicorn(port: int, workdir: Path, *, name: str, queue: str, **env) -> subprocess.Popen:
    """gunicorn with the production settings (config/gunicorn.conf.py) on the benchmark's
    database and queue; returns once it answers."""
    environ = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "CELERY_QUEUE": queue,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_ACCESS_LOG": str(workdir / f"{name}-access.log"),
        "DJANGO_DEBUG": "0",
        **env,
    }
    log = (workdir / f"{name}-gunicorn.log").open("w")
    process = subprocess.Popen(  # noqa: S603 - our own gunicorn, fixed arguments
        [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.conf.py"],
        cwd=ROOT,
        env=environ,
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
    stop(process)
    raise RuntimeError(f"gunicorn did not start; see {name}-gunicorn.log")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def cpu_seconds(roots: dict) -> dict:
    """CPU seconds used so far by each process tree (gunicorn's, the worker's), and under
    "db" by each PostgreSQL backend of this database but this process's own, by pid."""
    import psutil  # locust's own dependency, installed with it
    from django.db import connection

    def seconds(processes) -> float:
        total = 0.0
        for process in processes:
            try:
                times = process.cpu_times()
            except psutil.Error:  # exited meanwhile
                continue
            total += times.user + times.system
        return total

    usage = {}
    for kind, pid in roots.items():
        root = psutil.Process(pid)
        usage[kind] = seconds([root, *root.children(recursive=True)])
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        pids = [pid for (pid,) in cursor.fetchall()]
    usage["db"] = {pid: seconds([psutil.Process(pid)]) for pid in pids if psutil.pid_exists(pid)}
    return usage


def cpu_used(before: dict, after: dict) -> dict:
    """CPU seconds between two cpu_seconds() readings. PostgreSQL's is that of the backends
    alive at the second (a lower bound: gunicorn reconnects every CONN_MAX_AGE seconds)."""
    used = {kind: after[kind] - before[kind] for kind in before if kind != "db"}
    used["db"] = sum(spent - before["db"].get(pid, 0.0) for pid, spent in after["db"].items())
    return used
