"""The pages that show lab results: a lab and its uploads, submissions, the student
dashboard and the gradebook.

Named in the `labs` namespace (`labs:dashboard`, `labs:gradebook`, ...), which
config/urls.py composes from these and labs.urls, so the names and paths stay those of
the lab pages.
"""

from django.urls import path

from progress.views import gradebook, lab_pages, student_dashboard

urlpatterns = [
    # Dashboards and the gradebook, listed before "<slug>/" so no lab can shadow them.
    path("dashboard/", student_dashboard.dashboard, name="dashboard"),
    path("dashboard/live/", student_dashboard.dashboard_live, name="dashboard_live"),
    path("dashboard/<slug:slug>/", student_dashboard.dashboard_lab, name="dashboard_lab"),
    path(
        "dashboard/<slug:slug>/live/",
        student_dashboard.dashboard_lab_live,
        name="dashboard_lab_live",
    ),
    path("gradebook/", gradebook.gradebook_index, name="gradebook_index"),
    path("gradebook/<id:cohort_id>/", gradebook.gradebook, name="gradebook"),
    path(
        "gradebook/<id:cohort_id>/figures/",
        gradebook.gradebook_figures,
        name="gradebook_figures",
    ),
    path(
        "gradebook/<id:cohort_id>/export.csv",
        gradebook.gradebook_export,
        name="gradebook_export",
    ),
    path(
        "gradebook/<id:cohort_id>/labs/<slug:slug>/",
        gradebook.gradebook_lab,
        name="gradebook_lab",
    ),
    path(
        "gradebook/<id:cohort_id>/students/<id:student_id>/",
        gradebook.gradebook_student,
        name="gradebook_student",
    ),
    path(
        "gradebook/submissions/<id:pk>/regrade/",
        gradebook.gradebook_regrade,
        name="gradebook_regrade",
    ),
    path("submissions/<id:pk>/", lab_pages.submission_detail, name="submission"),
    path("submissions/<id:pk>/status/", lab_pages.submission_status, name="submission_status"),
    path("<slug:slug>/", lab_pages.lab_detail, name="detail"),
    path("<slug:slug>/submit/", lab_pages.submission_create, name="submit"),
]
