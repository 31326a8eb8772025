"""/client/: how to install the `lodestar` command (signed in), and its wheel (for anyone:
pip fetches it by this address, and it holds no secret)."""

from django.urls import path

from api import views

urlpatterns = [
    path("", views.client_install, name="client_install"),
    path("<str:filename>", views.client_wheel, name="client_wheel"),
]
