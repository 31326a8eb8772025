"""Course-rule pages (final choice, extensions) and the public certificate address."""

from django.urls import path

from courses import views

app_name = "courses"
urlpatterns = [
    path("courses/submissions/<id:pk>/final/", views.final_choice, name="final_choice"),
    path("courses/cohorts/<id:cohort_id>/extensions/", views.extensions, name="extensions"),
    path("certificates/<slug:token>/", views.certificate, name="certificate"),
]
