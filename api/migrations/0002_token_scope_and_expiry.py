"""Tokens get a scope and an expiry. Tokens made before keep working as they did: read and
submit, for a year from when they were made."""

import datetime

from django.db import migrations, models
from django.db.models import F

EXISTING_TOKENS_LAST_DAYS = 365


def expire_existing_tokens_after_a_year(apps, schema_editor):
    ApiToken = apps.get_model("api", "ApiToken")
    ApiToken.objects.filter(expires_at__isnull=True).update(
        expires_at=F("created_at") + datetime.timedelta(days=EXISTING_TOKENS_LAST_DAYS)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="scope",
            field=models.CharField(
                choices=[("read", "Read only"), ("read_submit", "Read and submit")],
                default="read_submit",
                max_length=16,
            ),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(null=True),
        ),
        migrations.RunPython(expire_existing_tokens_after_a_year, migrations.RunPython.noop),
    ]
