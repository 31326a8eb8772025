from django.apps import AppConfig


class ProgressConfig(AppConfig):
    name = "progress"
    verbose_name = "Progress: lab pages, dashboards, gradebook, reminders"
