from django.apps import AppConfig


class LeaderboardsConfig(AppConfig):
    name = "leaderboards"
    verbose_name = "Leaderboards: display names and on/off per cohort and lab"

    def ready(self):
        from enrolment.account_panels import account_panel_register
        from leaderboards.forms import profile_form_for

        # The account page's display name and "hide me", for students (enrolment.account_panels).
        account_panel_register(
            template="leaderboards/_profile.html",
            order=10,
            context=lambda request: {"leaderboard_form": profile_form_for(request.user)},
            only_enrolled=True,
        )
