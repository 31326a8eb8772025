from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = "Privacy: data exports and deleted accounts"

    def ready(self):
        from enrolment.account_panels import account_panel_register

        # The account page's "my data" panel (enrolment.account_panels).
        account_panel_register(template="privacy/_panel.html", order=40)
