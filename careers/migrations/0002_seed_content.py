"""Load the career content Lodestar ships with, so it is there right after `migrate`."""

from django.db import migrations


def seed(apps, schema_editor):
    from careers.services import content_seed

    content_seed(apps=apps)


class Migration(migrations.Migration):
    dependencies = [("careers", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
