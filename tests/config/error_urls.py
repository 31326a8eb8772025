"""A URL that fails, for tests/config/test_error_mail.py."""

from django.urls import path


def fails(request, token):
    raise RuntimeError("the dataset server went away")


urlpatterns = [path("email/confirm/<str:token>/", fails)]
