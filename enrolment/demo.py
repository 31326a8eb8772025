"""Demo data for the run command, created through the enrolment services."""

from django.contrib.auth import get_user_model

DEMO_PASSWORD = "lodestar-demo"  # noqa: S105 - printed by the run command on purpose


def seed_enrolment_demo(*, seed: int) -> list[tuple[str, str, str]]:
    """Return (role, username, password) for every demo login it guarantees."""
    User = get_user_model()
    admin, created = User.objects.get_or_create(
        username="admin",
        defaults={"is_staff": True, "is_superuser": True, "email": "admin@example.com"},
    )
    if created:
        admin.set_password(DEMO_PASSWORD)
        admin.save()
    return [("staff", "admin", DEMO_PASSWORD)]
