from django.urls import path

from tuition import views

app_name = "tuition"
urlpatterns = [
    path("enrolments/<id:pk>/deposit/", views.deposit, name="deposit"),
    path("stripe/webhook/", views.webhook, name="webhook"),
]
