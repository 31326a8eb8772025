"""GradeOverride now belongs to courses (courses 0004 took over its table and rows): it
leaves reviews' state only, nothing is dropped."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0001_initial"),
        ("courses", "0004_gradeoverride_from_reviews"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="GradeOverride")],
            database_operations=[],
        ),
    ]
