from django.urls import path

from syllabus import views

app_name = "syllabus"

urlpatterns = [
    path("", views.syllabus_mine, name="mine"),
    path("programs/<slug:slug>/", views.syllabus_public, name="public"),
    path("lessons/<id:pk>/", views.lesson_detail, name="lesson"),
    path("lessons/<id:pk>/done/", views.lesson_done, name="lesson_done"),
    path("resources/<id:pk>/file/", views.resource_file, name="resource_file"),
]
