"""Settings of the task queue and the workers: broker, queues, limits, the grading knobs and
the beat schedule. Part of config.settings (which imports all of it), read from the
environment like the rest."""

from kombu import Queue

from config.env import REDIS_URL, VAR_DIR, env
from config.queues import code_queue_name

# Celery: a broker that needs no server by default (kombu's filesystem transport),
# Redis when CELERY_BROKER_URL or REDIS_URL names it, RabbitMQ with CELERY_BROKER_URL=amqp://.
# The filesystem transport ignores the host, but kombu warns on every connection ("No
# hostname was supplied") without one.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL or "filesystem://localhost/")
# Publishing while the broker is down gives up within a second instead of kombu's retries
# (about 6 s, which a visitor signing up would wait): the row stays, the sweeper publishes
# it again. Workers connect with Celery's own retry settings, which these do not change.
_GIVE_UP_QUICKLY = {"max_retries": 1, "interval_start": 0.2, "connect_retries_timeout": 1}
if CELERY_BROKER_URL.startswith("filesystem://"):
    _broker_dir = VAR_DIR / "broker"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
elif CELERY_BROKER_URL.startswith(("amqp://", "amqps://", "pyamqp://")):
    # RabbitMQ puts a message back in the queue as soon as the connection of the worker
    # holding it unacknowledged drops (a killed worker): no visibility timeout to tune. Its
    # consumer_timeout (30 minutes by default) must stay above CELERY_TASK_TIME_LIMIT.
    # Publisher confirms: a message the broker did not take fails the publish (the sweeper
    # then publishes it again) instead of vanishing.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"confirm_publish": True, **_GIVE_UP_QUICKLY}
else:
    # Above the hard time limit, so a long task is never delivered twice while running.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
        "socket_connect_timeout": 1,
        "socket_timeout": 10,
        **_GIVE_UP_QUICKLY,
    }
if CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    # kombu's Redis transport, repaired so that a worker survives a Redis restart while it
    # holds an unacked message (kombu 5.7.0 exits with an AttributeError): see config/broker.py.
    CELERY_BROKER_TRANSPORT = "config.broker:Transport"
# Tests and side-by-side installs pick their own queue so they never steal each other's work.
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_QUEUE", default="lodestar")
# Code runs take seconds in the sandbox: they have a queue of their own, so prediction files
# never wait behind them when its own worker processes serve it (`-Q <queue>.code`). A worker
# started without -Q (make run, the tests) serves both.
# Empty: "<CELERY_QUEUE>.code" (config/queues.py).
LABS_CODE_QUEUE = env.str("CELERY_CODE_QUEUE", default="")
CELERY_TASK_QUEUES = (
    Queue(CELERY_TASK_DEFAULT_QUEUE),
    Queue(code_queue_name(CELERY_TASK_DEFAULT_QUEUE, LABS_CODE_QUEUE)),
)
CELERY_TASK_ROUTES = ("config.routing.route_task",)
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
# Celery's Django fixup closes the database connection after this many tasks (before and
# after every task when unset); config.celery_app checks it before each task instead.
CELERY_DB_REUSE_MAX = env.int("CELERY_DB_REUSE_MAX", default=1000)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# What tasks print (the console mail backend's emails) is ordinary output, not a warning.
CELERY_WORKER_REDIRECT_STDOUTS_LEVEL = "INFO"
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=120)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=180)
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Grading rows that went silent (a lost worker) or were never picked up are published
# again by the sweeper after these many seconds. Tests shorten them through the environment.
LABS_STALE_GRADING_AFTER_S = env.int(
    "LABS_STALE_GRADING_AFTER_S", default=CELERY_TASK_TIME_LIMIT + 30
)
LABS_STALE_QUEUED_AFTER_S = env.int("LABS_STALE_QUEUED_AFTER_S", default=120)
# A worker grades its submission together with up to this many minus one other queued
# prediction files, claimed in one statement and stored in one (1: one file per task).
# Each batch costs a Celery message, a wake-up and about ten SQL round trips; 64, not 16,
# cut the CPU of a burst by a quarter per file (docs/benchmarks.md). A file of a batch is
# stored with the others, so it waits for at most 63 others: about 0.1 s for 1k rows.
LABS_GRADING_BATCH_SIZE = max(1, env.int("LABS_GRADING_BATCH_SIZE", default=64))
# Uploaded prediction files share wake-up messages (labs.services.grading_queue) while the
# cache is shared (Redis); a pending wake-up flag expires after this many seconds in case
# its message was lost. 0: one message per upload.
LABS_GRADING_WAKE_TTL_S = max(0, env.int("LABS_GRADING_WAKE_TTL_S", default=30))
# Test hook only: a pause inside grading so that a fault test can kill a busy worker.
LABS_GRADING_TEST_DELAY_S = env.float("LABS_GRADING_TEST_DELAY_S", default=0.0)
# Short-window throttle on uploads, on top of each lab's daily limit.
LABS_UPLOADS_PER_MINUTE = env.int("LABS_UPLOADS_PER_MINUTE", default=10)
# Code submissions of one student waiting or running at once: more wait for a free code worker
# and would hold it from classmates.
LABS_CODE_RUNS_PER_STUDENT = env.int("LABS_CODE_RUNS_PER_STUDENT", default=1)
# How often a worker removes the sandbox job folders of grading processes that died.
LABS_SANDBOX_SWEEP_S = env.int("LABS_SANDBOX_SWEEP_S", default=300)
# Largest upload (predictions CSV or code) accepted; a bigger one is dropped while it streams.
LABS_MAX_UPLOAD_BYTES = env.int("LABS_MAX_UPLOAD_BYTES", default=2 * 1024 * 1024)
# Limits of one code-lab run in the sandbox: wall-clock and CPU seconds, and address space.
LABS_SANDBOX_TIMEOUT_S = env.int("LABS_SANDBOX_TIMEOUT_S", default=30)
LABS_SANDBOX_MEMORY_MB = env.int("LABS_SANDBOX_MEMORY_MB", default=1024)
# Students get one email this many days before a lab they have not passed is due (0: none).
LABS_DUE_REMINDER_DAYS = env.int("LABS_DUE_REMINDER_DAYS", default=2)
# A heartbeat older than this makes /health/ report the workers as stale.
HEALTH_HEARTBEAT_STALE_S = env.int("HEALTH_HEARTBEAT_STALE_S", default=120)

CELERY_BEAT_SCHEDULE = {
    "sweep-stuck-submissions": {"task": "labs.sweep_stuck_submissions", "schedule": 60.0},
    "sweep-unsent-emails": {"task": "outbox.sweep_unsent", "schedule": 60.0},
    "expire-seat-offers": {"task": "enrolment.expire_offers", "schedule": 60.0},
    "release-unconfirmed-seats": {
        "task": "enrolment.release_unconfirmed_seats",
        "schedule": 60.0,
    },
    "worker-heartbeat": {"task": "config.worker_heartbeat", "schedule": 30.0},
    "due-date-reminders": {"task": "labs.send_due_reminders", "schedule": 3600.0},
    "complete-finished-cohorts": {"task": "courses.complete_finished_cohorts", "schedule": 3600.0},
    "job-search-reminders": {"task": "outcomes.send_job_search_reminders", "schedule": 3600.0},
    "similarity-after-cutoffs": {"task": "similarity.start_due_checks", "schedule": 3600.0},
    # Tuition (they do nothing while payments are off).
    "release-unpaid-deposits": {"task": "tuition.release_unpaid_deposits", "schedule": 60.0},
    "charge-due-installments": {"task": "tuition.charge_due_installments", "schedule": 3600.0},
    "reconcile-payments": {"task": "tuition.reconcile_payments", "schedule": 900.0},
}
