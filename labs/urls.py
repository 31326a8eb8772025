"""Lab pages: list, detail, downloads and submissions; the gradebook."""

from django.urls import path

from labs import dashboard_views, views

app_name = "labs"
urlpatterns = [
    path("", views.lab_list, name="list"),
    # Dashboards (labs/dashboard_views.py); listed before "<slug>/" so no lab can shadow them.
    path("dashboard/", dashboard_views.dashboard, name="dashboard"),
    path("dashboard/live/", dashboard_views.dashboard_live, name="dashboard_live"),
    path("dashboard/<slug:slug>/", dashboard_views.dashboard_lab, name="dashboard_lab"),
    path(
        "dashboard/<slug:slug>/live/",
        dashboard_views.dashboard_lab_live,
        name="dashboard_lab_live",
    ),
    path("gradebook/", dashboard_views.gradebook_index, name="gradebook_index"),
    path("gradebook/<id:cohort_id>/", dashboard_views.gradebook, name="gradebook"),
    path(
        "gradebook/<id:cohort_id>/export.csv",
        dashboard_views.gradebook_export,
        name="gradebook_export",
    ),
    path(
        "gradebook/<id:cohort_id>/labs/<slug:slug>/",
        dashboard_views.gradebook_lab,
        name="gradebook_lab",
    ),
    path(
        "gradebook/<id:cohort_id>/students/<id:student_id>/",
        dashboard_views.gradebook_student,
        name="gradebook_student",
    ),
    path(
        "gradebook/submissions/<id:pk>/regrade/",
        dashboard_views.gradebook_regrade,
        name="gradebook_regrade",
    ),
    path("submissions/<id:pk>/", views.submission_detail, name="submission"),
    path("submissions/<id:pk>/status/", views.submission_status, name="submission_status"),
    path("<slug:slug>/", views.lab_detail, name="detail"),
    path("<slug:slug>/download/<str:part>.csv", views.dataset_download, name="download"),
    path("<slug:slug>/starter.<str:kind>", views.starter_download, name="starter"),
    path("<slug:slug>/submit/", views.submission_create, name="submit"),
]
