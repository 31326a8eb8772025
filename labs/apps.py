from django.apps import AppConfig


class LabsConfig(AppConfig):
    name = "labs"
    verbose_name = "Labs and grading"

    def ready(self):
        from labs import checks  # noqa: F401 - registers the deployment checks
