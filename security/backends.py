"""The password backend, with the account's roles read in the same query as the account."""

from django.contrib.auth.backends import ModelBackend

from security.twofactor import user_with_roles


class RolesModelBackend(ModelBackend):
    """Django's ModelBackend, except that loading the signed-in user on each request also
    reads whether they study, teach and have a second factor (security.twofactor): the
    second-factor wall and the navbar used to ask that in a query of its own on every
    page. A session from before this backend names Django's ModelBackend, which is no
    longer listed: such a person signs in once more.
    """

    def get_user(self, user_id):
        user = user_with_roles(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
