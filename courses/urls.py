"""Course-rule pages (final choice, extensions and their revocation) and the public
certificate address."""

from django.urls import path

from courses import views

app_name = "courses"
urlpatterns = [
    path("courses/submissions/<id:pk>/final/", views.final_choice, name="final_choice"),
    path("courses/cohorts/<id:cohort_id>/extensions/", views.extensions, name="extensions"),
    path("courses/extensions/<id:pk>/revoke/", views.extension_revoke, name="extension_revoke"),
    path("certificates/<slug:token>/", views.certificate, name="certificate"),
]
