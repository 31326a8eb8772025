"""Demo data of the team capstone: the last three labs of the curriculum as its milestones,
and in the running cohort an approved team (the demo student's, formed by the instructor),
a team a student started that waits for an answer and an approval, and the demo-day
schedule on the cohort's last day. Made through teams.services, on any date (the
milestones are still ahead of the running cohort, so no result changes)."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from labs.access import student_cohort
from labs.models import Lab
from teams import services
from teams.models import Capstone, Milestone, Team

MILESTONES = (
    ("spam-filtering", Milestone.Kind.PROPOSAL),
    ("fraud-detection", Milestone.Kind.CHECKPOINT),
    ("product-recommendations", Milestone.Kind.FINAL),
)


def seed_teams_demo(*, seed: int) -> list[tuple[str, str, str]]:
    capstone, _ = Capstone.objects.get_or_create(
        slug="capstone",
        defaults={
            "title": "Capstone: an ML product, end to end",
            "summary": (
                "In teams of two to four: propose your product with the spam filter (week 7), "
                "show a checkpoint with fraud detection (week 8) and hand in the final "
                "recommender (week 10), then present it on demo day."
            ),
        },
    )
    for slug, kind in MILESTONES:
        lab = Lab.objects.filter(slug=slug).first()
        if lab is not None and not Milestone.objects.filter(lab=lab).exists():
            Milestone.objects.get_or_create(capstone=capstone, kind=kind, defaults={"lab": lab})
    users = {u.username: u for u in get_user_model().objects.filter(username__startswith="student")}
    instructor = get_user_model().objects.filter(username="instructor").first()
    student = users.get("student")
    cohort = student_cohort(user=student) if student else None
    if cohort is None or instructor is None:
        return []
    if Team.objects.filter(capstone=capstone, cohort=cohort).exists():
        return []  # seeded before: teams and their history stay as people left them
    team = services.team_form(
        capstone=capstone,
        cohort=cohort,
        name="Gradient Descenders",
        members=[student, users["student2"]],
        actor=instructor,
    )
    proposed = services.team_propose(
        student=users["student3"], capstone=capstone, cohort=cohort, name="Overfitters"
    )
    services.member_invite(team=proposed, invitee=users["student4"], actor=users["student3"])
    demo_day = timezone.make_aware(datetime.datetime.combine(cohort.end_date, datetime.time(14)))
    services.demo_slot_set(team=team, starts_at=demo_day, minutes=20, room="Main hall")
    return []
