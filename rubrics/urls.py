"""Rubric grading: marks, the grading queue and release, regrade requests and answers."""

from django.urls import path

from rubrics import views

app_name = "rubrics"
urlpatterns = [
    path("submissions/<id:pk>/grade/", views.rubric_grade, name="grade"),
    path("submissions/<id:pk>/regrade/", views.regrade_request, name="regrade_request"),
    path("regrades/<id:pk>/answer/", views.regrade_answer, name="regrade_answer"),
    path("labs/<slug:slug>/cohorts/<id:cohort_id>/", views.queue, name="queue"),
    path("labs/<slug:slug>/cohorts/<id:cohort_id>/release/", views.release, name="release"),
    path("labs/<slug:slug>/cohorts/<id:cohort_id>/blind/", views.blind, name="blind"),
]
