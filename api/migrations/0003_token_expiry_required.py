# Separate from 0002, so that PostgreSQL alters the table in a transaction of its own,
# after the rows were updated.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0002_token_scope_and_expiry"),
    ]

    operations = [
        migrations.AlterField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(),
        ),
    ]
