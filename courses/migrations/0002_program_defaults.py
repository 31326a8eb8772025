"""Each existing program gets its default late policy and completion rule, editable in the admin."""

from django.db import migrations


def create_defaults(apps, schema_editor):
    Program = apps.get_model("enrolment", "Program")
    LatePolicy = apps.get_model("courses", "LatePolicy")
    CompletionRule = apps.get_model("courses", "CompletionRule")
    for program in Program.objects.all():
        LatePolicy.objects.get_or_create(program=program, lab=None)
        CompletionRule.objects.get_or_create(program=program)


class Migration(migrations.Migration):
    dependencies = [("courses", "0001_initial"), ("enrolment", "0003_seed_programs")]

    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
