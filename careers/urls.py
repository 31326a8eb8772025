from django.urls import path

from careers import views

app_name = "careers"
urlpatterns = [
    path("what-is-an-ml-engineer/", views.stub, name="what"),
    path("salaries/", views.stub, name="salaries"),
    path("skills/", views.stub, name="skills"),
    path("applications/", views.stub, name="applications"),
    path("paths/", views.stub, name="paths"),
    path("faq/", views.stub, name="faq"),
]
