"""Live sessions: a cohort's schedule, a session's edit page and register, the students'
check-in; and the account page's time zone (`/account/time-zone/`, included at the root)."""

from django.urls import path

from live import views

app_name = "live"

urlpatterns = [
    path("live/cohorts/<id:cohort_id>/", views.cohort_sessions, name="cohort_sessions"),
    path("live/sessions/<id:pk>/edit/", views.session_edit, name="session_edit"),
    path("live/sessions/<id:pk>/attendance/", views.session_attendance, name="attendance"),
    path("live/check-in/", views.check_in, name="check_in"),
    path("account/time-zone/", views.time_zone, name="time_zone"),
]
