"""The code queue's name, in one place: read by the settings (the queues a worker declares)
and by config/routing.py (where code runs are sent). No Django import, so the settings can
use it while they load."""


def code_queue_name(default_queue: str, configured: str = "") -> str:
    """`<default queue>.code`, unless CELERY_CODE_QUEUE names another."""
    return configured or f"{default_queue}.code"
