"""The account's own data: download it all, delete the account (under /account/)."""

from django.urls import path

from privacy import views

app_name = "privacy"
urlpatterns = [
    path("data/", views.data_export, name="data_export"),
    path("delete/", views.account_delete, name="account_delete"),
]
