"""The admin site: Django's, refusing a session that has not passed the second factor.

django-otp's OTPAdminSite gives the check (`has_permission` also asks
`request.user.is_verified()`); the log-in stays Django's own form, and a staff member who
logs in there is then taken through the same second-factor pages as on the site
(security.middleware.SecondFactorRequired), so there is one way to set up and verify.
"""

from django.contrib.admin.forms import AdminAuthenticationForm
from django_otp.admin import OTPAdminSite


class SecondFactorAdminSite(OTPAdminSite):
    login_form = AdminAuthenticationForm
    login_template = None  # Django's admin/login.html

    def __init__(self, name="admin"):
        super().__init__(name)
