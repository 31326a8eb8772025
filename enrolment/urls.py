from django.contrib.auth import views as auth_views
from django.urls import path

from enrolment import views

urlpatterns = [
    path("programs/", views.programs, name="programs"),
    path("signup/", views.signup, name="signup"),
    path("account/", views.account, name="account"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
]
