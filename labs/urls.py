"""Lab pages: list, detail, downloads and submissions; the gradebook."""

from django.urls import path

from labs import views

app_name = "labs"
urlpatterns = [
    path("", views.lab_list, name="list"),
    path("gradebook/", views.gradebook_index, name="gradebook_index"),
]
