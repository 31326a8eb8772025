"""Student accounts: the email (lower-cased) is also the username."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q

NAME_MAX_LENGTH = 150
EMAIL_MAX_LENGTH = 150  # the email is also the username (150 characters at most)
# The username a deleted account is given (privacy.services.account_delete), followed by
# random hex. No email starts like it and has no "@", so no sign-up can take one.
DELETED_USERNAME_PREFIX = "deleted-"


def is_deleted_account(user) -> bool:
    """Whether its owner deleted this account (anonymous, inactive, no email)."""
    return (
        not user.is_active
        and not user.email
        and user.get_username().startswith(DELETED_USERNAME_PREFIX)
    )


def user_create(*, name: str, email: str, password: str | None, password_hash: str | None = None):
    """A student account; the email (lower-cased) is also the username. `password_hash`
    is a password already hashed (make_password), instead of `password`."""
    User = get_user_model()
    name = " ".join(name.split())
    email = email.strip().lower()
    if not name:
        raise ValidationError({"name": "Please tell us your name."})
    if len(name) > NAME_MAX_LENGTH:
        raise ValidationError({"name": f"Keep your name under {NAME_MAX_LENGTH} characters."})
    if len(email) > EMAIL_MAX_LENGTH:
        raise ValidationError({"email": f"Use an email under {EMAIL_MAX_LENGTH} characters."})
    if User.objects.filter(Q(username__iexact=email) | Q(email__iexact=email)).exists():
        raise ValidationError({"email": DUPLICATE_EMAIL})
    first_name, _, last_name = name.partition(" ")
    user = User(username=email, email=email, first_name=first_name, last_name=last_name)
    if password_hash:
        user.password = password_hash
    elif password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    try:
        user.full_clean(exclude=["password"], validate_unique=False)
    except ValidationError as error:
        raise ValidationError({"email": "This email cannot be used as a login."}) from error
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as error:  # the same email signed up a moment ago
        raise ValidationError({"email": DUPLICATE_EMAIL}) from error
    return user


DUPLICATE_EMAIL = "An account with this email already exists. Log in instead."
