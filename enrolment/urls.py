from django.contrib.auth import views as auth_views
from django.urls import path

from enrolment import views
from enrolment.forms import EmailAuthenticationForm

urlpatterns = [
    path("programs/", views.programs, name="programs"),
    path("signup/", views.signup, name="signup"),
    path("signup/cohorts/", views.signup_cohorts, name="signup_cohorts"),
    path("signup/done/", views.signup_done, name="signup_done"),
    path("email/confirm/resend/", views.email_confirm_resend, name="email_confirm_resend"),
    path("email/confirm/<str:token>/", views.email_confirm, name="email_confirm"),
    path("offers/<str:token>/", views.offer, name="offer"),
    path("account/", views.account, name="account"),
    path(
        "account/enrolments/<id:pk>/withdraw/",
        views.enrolment_withdraw,
        name="enrolment_withdraw",
    ),
    path("account/enrolments/<id:pk>/defer/", views.enrolment_defer, name="enrolment_defer"),
    path(
        "account/enrolments/<id:pk>/reminders/",
        views.enrolment_reminders,
        name="enrolment_reminders",
    ),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=EmailAuthenticationForm),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password-change/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password-change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "accounts/password-reset/",
        auth_views.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "accounts/password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/password-reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password-reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
