"""Seed the two programs (Intensive and Flexible)."""

from django.db import migrations

from enrolment.programs import DEFAULT_PROGRAMS, PROGRAM_FIELDS


def seed_programs(apps, schema_editor):
    Program = apps.get_model("enrolment", "Program")
    for data in DEFAULT_PROGRAMS:
        # Only the fields this migration's model state knows about.
        Program.objects.update_or_create(
            slug=data["slug"], defaults={field: data[field] for field in PROGRAM_FIELDS}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("enrolment", "0002_enrolmentevent"),
    ]

    operations = [
        migrations.RunPython(seed_programs, migrations.RunPython.noop),
    ]
