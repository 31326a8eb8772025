"""Folders of the embedded setup (SQLite file, filesystem broker), made by the processes
that use them: importing the settings creates nothing."""

from pathlib import Path

from django.conf import settings


def sqlite_folders() -> list[Path]:
    """Where the SQLite database (and its test copy) live; SQLite makes the file, not these."""
    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.sqlite3":
        return []
    names = [database["NAME"], database.get("TEST", {}).get("NAME")]
    return [Path(name).parent for name in names if name and name != ":memory:"]


def broker_folders() -> list[Path]:
    """The filesystem broker's spool (kombu writes into these but does not create them)."""
    if not settings.CELERY_BROKER_URL.startswith("filesystem://"):
        return []
    options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
    keys = ("data_folder_in", "data_folder_out", "processed_folder", "control_folder")
    return [Path(options[key]) for key in keys if options.get(key)]


def ensure_state_folders(*, database: bool = True, broker: bool = True) -> None:
    folders = (sqlite_folders() if database else []) + (broker_folders() if broker else [])
    for folder in folders:
        folder.mkdir(parents=True, exist_ok=True)
