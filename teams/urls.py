"""The team capstone's pages: the student's under /capstone/, the instructors' under
/review/capstone/."""

from django.urls import path

from teams.views import review, student

app_name = "teams"
urlpatterns = [
    path("capstone/", student.home, name="home"),
    path("capstone/team/", student.team_propose, name="propose"),
    path("capstone/teams/<id:team_id>/invite/", student.member_invite, name="invite"),
    path("capstone/teams/<id:team_id>/leave/", student.member_leave, name="leave"),
    path("capstone/teams/<id:team_id>/notes/", student.contribution_add, name="note"),
    path(
        "capstone/invitations/<id:membership_id>/accept/",
        student.invitation_answer,
        {"answer": "accept"},
        name="accept",
    ),
    path(
        "capstone/invitations/<id:membership_id>/decline/",
        student.invitation_answer,
        {"answer": "decline"},
        name="decline",
    ),
    path("review/capstone/", review.review_index, name="review_index"),
    path("review/capstone/cohorts/<id:cohort_id>/", review.review_cohort, name="review_cohort"),
    path("review/capstone/cohorts/<id:cohort_id>/form/", review.team_form, name="form"),
    path("review/capstone/teams/<id:team_id>/approve/", review.team_approve, name="approve"),
    path("review/capstone/teams/<id:team_id>/members/", review.member_add, name="member_add"),
    path("review/capstone/teams/<id:team_id>/demo/", review.demo_slot, name="demo_slot"),
    path(
        "review/capstone/memberships/<id:membership_id>/remove/",
        review.member_remove,
        name="member_remove",
    ),
]
