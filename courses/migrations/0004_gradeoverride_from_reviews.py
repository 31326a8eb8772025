"""GradeOverride moves from reviews to courses, next to the other decision rows of the course
rules (extensions, completion decisions). The rows stay where they are: the model's state
moves (reviews 0002 drops it from reviews' state, nothing in the database), then the table
and its index are renamed in place, and the content type follows (permissions and admin
history keep pointing at it)."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def _content_type_to(app_label):
    def move(apps, schema_editor):
        content_types = apps.get_model("contenttypes", "ContentType")
        other = "reviews" if app_label == "courses" else "courses"
        if content_types.objects.filter(app_label=app_label, model="gradeoverride").exists():
            return
        content_types.objects.filter(app_label=other, model="gradeoverride").update(
            app_label=app_label
        )

    return move


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("courses", "0003_extension_revocation"),
        ("enrolment", "0007_outgoingemail_completed"),
        ("labs", "0007_submission_clock_parameter"),
        ("reviews", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="GradeOverride",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("passed", models.BooleanField()),
                        ("score", models.FloatField(blank=True, null=True)),
                        ("reason", models.TextField(max_length=2000)),
                        ("previous_passed", models.BooleanField(blank=True, null=True)),
                        ("previous_score", models.FloatField(blank=True, null=True)),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("revoked_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "cohort",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="enrolment.cohort",
                            ),
                        ),
                        (
                            "created_by",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "lab",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="labs.lab",
                            ),
                        ),
                        (
                            "revoked_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "student",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="grade_overrides",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "submission",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to="labs.submission",
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["-created_at", "-pk"],
                        # The table reviews created; renamed below.
                        "db_table": "reviews_gradeoverride",
                        "indexes": [
                            models.Index(
                                fields=["cohort", "revoked_at"],
                                name="reviews_gra_cohort__86f7f9_idx",
                            )
                        ],
                        "constraints": [
                            models.UniqueConstraint(
                                condition=models.Q(("revoked_at__isnull", True)),
                                fields=("student", "lab", "cohort"),
                                name="grade_override_one_in_force",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(("reason", ""), _negated=True),
                                name="grade_override_has_reason",
                            ),
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name="gradeoverride", table=None),
        migrations.RenameIndex(
            model_name="gradeoverride",
            new_name="courses_gra_cohort__becbb7_idx",
            old_name="reviews_gra_cohort__86f7f9_idx",
        ),
        migrations.RunPython(_content_type_to("courses"), _content_type_to("reviews")),
    ]
