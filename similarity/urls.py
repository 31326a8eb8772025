"""/similarity/: the reports of similarity checks (instructors of the cohort and staff)."""

from django.urls import path

from similarity import views

app_name = "similarity"

urlpatterns = [
    path("", views.index, name="index"),
    path("<id:cohort_id>/<slug:slug>/", views.report, name="report"),
    path("<id:cohort_id>/<slug:slug>/run/", views.run_request, name="run"),
    path("pairs/<id:pk>/", views.pair_detail, name="pair"),
]
