"""The second-factor pages, under /account/two-factor/."""

from django.urls import path

from security import views

urlpatterns = [
    path("setup/", views.setup, name="second_factor_setup"),
    path("verify/", views.verify, name="second_factor_verify"),
    path("recovery-codes/", views.recovery_codes, name="second_factor_recovery_codes"),
    path("turn-off/", views.turn_off, name="second_factor_turn_off"),
]
