"""Review pages: a submission's file, comments and grade override; cohort announcements."""

from django.urls import path

from reviews import views

app_name = "reviews"
urlpatterns = [
    path("submissions/<id:pk>/", views.submission_review, name="submission"),
    path("submissions/<id:pk>/comments/", views.comment_create, name="comment_create"),
    path("submissions/<id:pk>/override/", views.override_set, name="override_set"),
    path(
        "submissions/<id:pk>/line-comments/",
        views.line_comment_create,
        name="line_comment_create",
    ),
    path("overrides/<id:pk>/undo/", views.override_undo, name="override_undo"),
    path("cohorts/<id:cohort_id>/announcements/", views.announcement_list, name="announcements"),
]
