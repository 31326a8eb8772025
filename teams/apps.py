from django.apps import AppConfig


class TeamsConfig(AppConfig):
    name = "teams"
    verbose_name = "Team capstone"

    def ready(self):
        from courses.credits import credits_reader_register
        from teams.selectors import credits

        # A milestone handed in by one member counts for every member (the course rules).
        credits_reader_register("teams", credits)
