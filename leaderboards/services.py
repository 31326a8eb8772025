"""Writes for the leaderboards: a student's display name and visibility, and the on/off
switch of a lab's board in a cohort."""

from django.utils import timezone

from leaderboards.models import LeaderboardProfile, LeaderboardSetting


def leaderboard_profile_set(*, user, display_name: str, is_hidden: bool) -> LeaderboardProfile:
    """Store how the user appears on the leaderboards (an empty name: their alias)."""
    profile = LeaderboardProfile.objects.filter(user=user).first() or LeaderboardProfile(user=user)
    profile.display_name = display_name.strip()
    profile.is_hidden = is_hidden
    profile.full_clean()
    profile.save()
    return profile


def leaderboard_switch(*, cohort, lab, is_enabled: bool, actor) -> LeaderboardSetting:
    """Turn a lab's leaderboard on or off in one cohort, recording who did it and when."""
    setting, _ = LeaderboardSetting.objects.update_or_create(
        cohort=cohort,
        lab=lab,
        defaults={"is_enabled": is_enabled, "changed_by": actor, "changed_at": timezone.now()},
    )
    return setting
