"""The API's URLs (under /api/v1/) and the token pages of the account (under /account/tokens/)."""

from django.urls import path, re_path

from api import views
from api.v1 import api

token_urlpatterns = [
    path("", views.token_create, name="api_token_create"),
    path("<id:pk>/revoke/", views.token_revoke, name="api_token_revoke"),
]

api_urlpatterns = api.urls

# After the API's own patterns: what none of them matched answers JSON too.
api_fallback = re_path(r"^api/", views.api_not_found, name="api_not_found")
