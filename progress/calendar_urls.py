"""The calendar feed (`/calendar/<token>.ics`) and rotating its secret
(`/account/calendar/rotate/`), in the `calendar` namespace; config/urls.py includes them at
the root."""

from django.urls import path

from progress.views import calendar

app_name = "calendar"

urlpatterns = [
    path("calendar/<str:token>.ics", calendar.calendar_feed, name="feed"),
    path("account/calendar/rotate/", calendar.calendar_rotate, name="rotate"),
]
