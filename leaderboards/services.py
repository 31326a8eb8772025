"""Writes for the leaderboards: a student's display name and visibility, and the on/off
switch of a lab's board in a cohort."""

from django.core.exceptions import ValidationError
from django.utils import timezone

from leaderboards import names, selectors
from leaderboards.aliases import looks_like_an_alias
from leaderboards.models import LeaderboardProfile, LeaderboardSetting

_KEEP_IT_YOURS = "choose a name that is yours, or leave it empty for your alias."
_SOMEONE_ELSE = {
    "staff": "That is the name of a member of the Lodestar staff",
    "instructor": "That is the name of an instructor",
    "classmate": "That is the name of a classmate in your cohort",
}


def display_name_check(*, user, display_name: str) -> None:
    """Refuse a display name that would pass for someone or something else: a site alias,
    the reference row, a role of the site, or the name, username or email of a staff
    member, an instructor or a classmate (compared as names.name_key does: case, accents,
    spaces and punctuation aside). The user's own names are theirs to use."""
    name = display_name.strip()
    if not name:
        return
    if looks_like_an_alias(name):
        raise ValidationError(
            "Names of the form “Adjective Animal number” are the site's aliases: "
            "choose another name, or leave it empty for your own alias.",
            code="alias_shape",
        )
    if names.is_reference_label(name):
        raise ValidationError(
            f"“{names.REFERENCE_LABEL}” is the label of the reference model's row on every "
            f"leaderboard: {_KEEP_IT_YOURS}",
            code="reference_label",
        )
    if names.is_role_name(name):
        raise ValidationError(
            f"“{name}” reads as a role on Lodestar (instructor, staff, admin, reference, "
            f"Lodestar), as if the site were speaking: {_KEEP_IT_YOURS}",
            code="role_name",
        )
    key = names.name_key(name)
    if user is not None and key in _keys(
        names.person_names(user.first_name, user.last_name, user.get_username(), user.email)
    ):
        return
    for role, their_names in selectors.people_a_display_name_could_pass_for(user=user):
        if key in _keys(their_names):
            raise ValidationError(
                f"{_SOMEONE_ELSE[role]}: {_KEEP_IT_YOURS}", code="someone_elses_name"
            )


def _keys(some_names) -> set[str]:
    return {key for key in map(names.name_key, some_names) if key}


def leaderboard_profile_set(*, user, display_name: str, is_hidden: bool) -> LeaderboardProfile:
    """Store how the user appears on the leaderboards (an empty name: their alias)."""
    display_name_check(user=user, display_name=display_name)
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
