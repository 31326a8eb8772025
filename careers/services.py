"""Writes to career content: loading the content Lodestar ships with."""

from django.apps import apps as global_apps
from django.db import transaction

from careers import content

# Model name -> (seed rows, the field that identifies a row).
_FLAT_CONTENT = {
    "Role": (content.ROLES, "name"),
    "Responsibility": (content.RESPONSIBILITIES, "title"),
    "Skill": (content.SKILLS, "name"),
    "Language": (content.LANGUAGES, "name"),
    "SystemType": (content.SYSTEM_TYPES, "name"),
    "RealWorldApplication": (content.APPLICATIONS, "name"),
    "EntryRole": (content.ENTRY_ROLES, "name"),
    "Question": (content.QUESTIONS, "question"),
}


@transaction.atomic
def content_seed(*, apps=global_apps) -> int:
    """Create any shipped career content that is missing; return how many rows were created.

    Safe to run again: rows are matched on their name, and rows that already exist are
    left alone so that edits made by staff in the admin survive. `apps` is the historical
    app registry when called from a migration.
    """
    created_count = 0
    for model_name, (rows, key) in _FLAT_CONTENT.items():
        model = apps.get_model("careers", model_name)
        for position, row in enumerate(rows, start=1):
            defaults = {**row, "ordering": position * 10}
            _, created = model.objects.get_or_create(**{key: defaults.pop(key)}, defaults=defaults)
            created_count += created

    study_path_model = apps.get_model("careers", "StudyPath")
    path_point_model = apps.get_model("careers", "PathPoint")
    for position, row in enumerate(content.STUDY_PATHS, start=1):
        fields = {k: v for k, v in row.items() if k not in ("name", "pros", "cons")}
        study_path, created = study_path_model.objects.get_or_create(
            name=row["name"], defaults={**fields, "ordering": position * 10}
        )
        created_count += created
        for kind in ("pro", "con"):
            for point_position, text in enumerate(row[f"{kind}s"], start=1):
                _, created = path_point_model.objects.get_or_create(
                    path=study_path,
                    text=text,
                    defaults={"kind": kind, "ordering": point_position * 10},
                )
                created_count += created
    return created_count
