"""A throw-away database and queue for benchmarks, so they never touch real data."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django() -> None:
    """Configure Django on a fresh copy of the configured database (test_<name>)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("LODESTAR_VAR_DIR", str(ROOT / "var" / "bench"))
    os.environ.setdefault("CELERY_QUEUE", "lodestar-bench")
    # One bench account uploads for a whole class: the per-student throttle would stop it.
    os.environ.setdefault("LABS_UPLOADS_PER_MINUTE", "1000000")
    # As in production (docker-compose.yml): Celery's per-task lines off, grading lines on.
    os.environ.setdefault("CELERY_TASK_LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment(debug=False)
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)


def teardown_django() -> None:
    from django.conf import settings
    from django.db import connection

    connection.creation.destroy_test_db(settings.DATABASES["default"]["NAME"], verbosity=0)


def describe() -> dict:
    from django.conf import settings

    return {
        "database": settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1],
        "broker": settings.CELERY_BROKER_URL.split(":", 1)[0],
        "python": sys.version.split()[0],
        "cpus": os.cpu_count(),
    }
