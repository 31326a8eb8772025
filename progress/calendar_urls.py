"""The calendar feed (`/calendar/<token>.ics`), "Add to calendar" (`/account/calendar/add/`,
a redirect to the webcal:// link) and rotating its secret (`/account/calendar/rotate/`), in
the `calendar` namespace; config/urls.py includes them at the root."""

from django.urls import path

from progress.views import calendar

app_name = "calendar"

urlpatterns = [
    path("calendar/<str:token>.ics", calendar.calendar_feed, name="feed"),
    path("account/calendar/add/", calendar.calendar_add, name="add"),
    path("account/calendar/rotate/", calendar.calendar_rotate, name="rotate"),
]
