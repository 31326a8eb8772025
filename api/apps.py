from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "API"

    def ready(self):
        from api.forms import TokenCreateForm
        from api.selectors import token_list_for_user
        from enrolment.account_panels import account_panel_register

        # The account page's API tokens (enrolment.account_panels).
        account_panel_register(
            template="api/_tokens.html",
            order=20,
            context=lambda request: {
                "api_tokens": token_list_for_user(user=request.user),
                "api_token_form": TokenCreateForm(),
            },
        )
