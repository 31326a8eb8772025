"""The security app (two factors, the audit trail), and the admin that asks for both factors."""

from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class SecurityConfig(AppConfig):
    default = True
    name = "security"
    verbose_name = "Security: two factors and the audit trail"

    def ready(self):
        from enrolment.account_panels import account_panel_register
        from security import audit
        from security.panels import two_factor_panel_context

        audit.register_audited_models()
        account_panel_register(
            template="security/_account_panel.html", order=30, context=two_factor_panel_context
        )


class AdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin, whose default site asks for the second factor (admin_site.py)."""

    default = False
    default_site = "security.admin_site.SecondFactorAdminSite"
