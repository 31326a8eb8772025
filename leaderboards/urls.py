"""Leaderboard pages, under /labs/<lab>/leaderboard/, and their settings on /account/."""

from django.urls import path

from leaderboards import views

app_name = "leaderboards"
urlpatterns = [
    path("labs/<slug:slug>/leaderboard/", views.leaderboard, name="leaderboard"),
    path(
        "labs/<slug:slug>/leaderboard/switch/",
        views.leaderboard_switch,
        name="leaderboard_switch",
    ),
    path("account/leaderboards/", views.leaderboard_profile, name="profile"),
]
