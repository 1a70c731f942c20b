"""The second factor: a TOTP device (an authenticator app), required of anyone who may publish
or administer when REQUIRE_2FA is on, and of anyone who set one up."""

from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice

# The rights that need a second factor: publishing (a claim, a story's dossier) and the admin.
PROTECTED_PERMISSIONS = ("claims.publish_claim", "claims.publish_story")


# Whether the signed-in account has an authenticator, noted in its session when it signs in (or
# sets one up), so that pages do not ask the database on every request.
SESSION_KEY = "desk_has_2fa_device"


def has_device(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def session_has_device(request) -> bool:
    if SESSION_KEY not in request.session:
        request.session[SESSION_KEY] = has_device(request.user)
    return request.session[SESSION_KEY]


def needs_second_factor(request) -> bool:
    """Whether the signed-in user must pass a second factor before using the desk: anyone who
    set one up, and, with REQUIRE_2FA, anyone who may publish or administer."""
    if session_has_device(request):
        return True
    if not settings.REQUIRE_2FA:
        return False
    user = request.user
    return user.is_staff or user.is_superuser or any(user.has_perm(p) for p in PROTECTED_PERMISSIONS)


def is_verified(request) -> bool:
    return getattr(request.user, "is_verified", lambda: False)()
