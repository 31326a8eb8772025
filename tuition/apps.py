from django.apps import AppConfig


class TuitionConfig(AppConfig):
    name = "tuition"
    verbose_name = "Tuition and payments"

    def ready(self):
        from enrolment import hooks
        from enrolment.account_panels import account_panel_register
        from tuition import emails, selectors
        from tuition.services import accounts, refunds

        emails.senders_register()
        hooks.seat_kept_register(accounts.account_open)
        hooks.withdrawn_register(refunds.on_withdrawn)
        hooks.seat_lost_register(refunds.on_seat_lost)
        hooks.withdraw_notice_register(refunds.withdraw_notice)
        account_panel_register(
            template="tuition/_account_panel.html",
            order=5,
            context=selectors.account_panel_context,
            only_enrolled=True,
        )
