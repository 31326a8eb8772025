"""Top-level URL map: each app owns its own urls module."""

from django.contrib import admin
from django.urls import include, path, register_converter

from config.guards import IdConverter

# <id:pk> everywhere an id is read from a path: out-of-range ids 404 before any query.
# Registered before any app's urls module is imported below.
register_converter(IdConverter, "id")

from api.urls import api_fallback, api_urlpatterns, token_urlpatterns  # noqa: E402
from careers import views as careers_views  # noqa: E402
from config.health import health  # noqa: E402
from labs.urls import urlpatterns as labs_urlpatterns  # noqa: E402
from progress.urls import urlpatterns as progress_urlpatterns  # noqa: E402

urlpatterns = [
    path("", careers_views.home, name="home"),
    path("careers/", include("careers.urls")),
    path("", include("enrolment.urls")),
    path("account/tokens/", include(token_urlpatterns)),
    # The private calendar feed (/calendar/<token>.ics) and rotating it (/account/calendar/rotate/).
    path("", include("progress.calendar_urls")),
    # Live sessions (/live/...) and the account page's time zone (/account/time-zone/).
    path("", include("live.urls")),
    # /account/data/ (my data as a ZIP) and /account/delete/.
    path("account/", include("privacy.urls")),
    path("account/two-factor/", include("security.urls")),
    path("api/v1/", api_urlpatterns),
    api_fallback,
    # The `lodestar` command: how to install it (signed in) and its wheel (for anyone).
    path("client/", include("api.client_urls")),
    # One `labs` namespace: the lab list and files (labs) and the pages that show results
    # (progress: a lab, uploads, submissions, dashboards, the gradebook).
    path("labs/", include((labs_urlpatterns + progress_urlpatterns, "labs"))),
    path("review/", include("reviews.urls")),
    # Rubric grading: marks, the grading queue and release, regrade requests (rubrics).
    path("review/rubrics/", include("rubrics.urls")),
    path("", include("courses.urls")),
    # /labs/<lab>/leaderboard/ and /account/leaderboards/: after labs/, so no lab page shadows.
    path("", include("leaderboards.urls")),
    path("", include("teams.urls")),
    # Career outcomes: the public reports, graduates' job search, career staff's pipeline.
    path("outcomes/", include("outcomes.urls")),
    path("syllabus/", include("syllabus.urls")),
    # Similarity checks of code labs: the cohort's instructors and staff only.
    path("similarity/", include("similarity.urls")),
    # Tuition: a deposit page per enrolment and Stripe's webhook.
    path("tuition/", include("tuition.urls")),
    path("admin/", admin.site.urls),
    path("health/", health, name="health"),
    path("favicon.ico", careers_views.favicon, name="favicon"),
]

handler404 = "careers.views.page_not_found"
handler500 = "careers.views.server_error"
