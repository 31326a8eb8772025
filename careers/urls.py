"""Career pages; the home page itself is mapped in config/urls.py as `home`."""

from django.urls import path

from careers import views

app_name = "careers"
urlpatterns = [
    path("what-is-an-ml-engineer/", views.what, name="what"),
    path("salaries/", views.salaries, name="salaries"),
    path("skills/", views.skills, name="skills"),
    path("applications/", views.applications, name="applications"),
    path("paths/", views.paths, name="paths"),
    path("faq/", views.faq, name="faq"),
]
