from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "demo"
    verbose_name = "The demo seed (seed_demo): people, cohorts and lab work, through the services"
