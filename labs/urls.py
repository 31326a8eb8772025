"""Lab pages that read no result: the list and a lab's files.

Named in the `labs` namespace, which config/urls.py composes from these and progress.urls
(the lab page, uploads, submissions, the dashboards and the gradebook).
"""

from django.urls import path

from labs import views

urlpatterns = [
    path("", views.lab_list, name="list"),
    path("<slug:slug>/download/<str:part>.csv", views.dataset_download, name="download"),
    path("<slug:slug>/starter.<str:kind>", views.starter_download, name="starter"),
]
