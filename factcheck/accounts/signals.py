"""What must hold however an account is changed (the admin, the desk, a shell, a command):
a new password revokes the account's API tokens, and the account's owner is told by email of a
new password or a new role. (Django already ends the sessions opened with the old password.)

Receivers rather than services on purpose: these are security invariants of the user model,
which Django's own views and the admin change without going through the desk's services.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.db.models.signals import m2m_changed, post_save, pre_save
from django.dispatch import receiver
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from factcheck.accounts.language import LOGIN_LANGUAGE_ATTR, user_language
from factcheck.accounts.models import LanguagePreference

User = get_user_model()


@receiver(pre_save, sender=User)
def _note_password_change(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    # A save that names its fields without the password (a login's last_login) changes none.
    if raw or instance.pk is None or (update_fields is not None and "password" not in update_fields):
        return
    stored = User.objects.filter(pk=instance.pk).values_list("password", flat=True).first()
    instance._password_changed = stored is not None and stored != instance.password


@receiver(post_save, sender=User)
def _after_password_change(sender, instance, created=False, raw=False, **kwargs) -> None:
    if raw or created or not getattr(instance, "_password_changed", False):
        return
    instance._password_changed = False
    from knox.models import AuthToken

    AuthToken.objects.filter(user=instance).delete()
    _tell(
        instance,
        gettext_lazy("Your password was changed"),
        gettext_lazy(
            "The password of your account on the desk was changed. "
            "Your API tokens were revoked. If you did not change it, tell an admin at once."
        ),
    )


@receiver(user_logged_in)
def _note_device_at_login(sender, request, user, **kwargs) -> None:
    from factcheck.accounts.two_factor import SESSION_KEY, has_device

    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = has_device(user)


@receiver(user_logged_in)
def _language_at_login(sender, request, user, **kwargs) -> None:
    """The language the person chose, in this browser too: the login's response (a redirect)
    sets the cookie (LoginLanguageMiddleware), and the next page speaks it."""
    language = LanguagePreference.objects.filter(user=user).values_list("language", flat=True).first()
    if request is None or language is None or not translation.check_for_language(language):
        return
    setattr(request, LOGIN_LANGUAGE_ATTR, language)


@receiver(m2m_changed, sender=User.groups.through)
def _after_role_change(sender, instance, action, reverse=False, **kwargs) -> None:
    # A new account's first role is no news to anyone; a change to an account in use is.
    if reverse or action not in ("post_add", "post_remove", "post_clear") or instance.last_login is None:
        return
    roles = ", ".join(instance.groups.order_by("name").values_list("name", flat=True)) or pgettext_lazy(
        "roles", "none"
    )
    _tell(
        instance,
        gettext_lazy("Your role on the desk changed"),
        gettext_lazy("Your roles on the desk are now: %(roles)s. If you did not expect this, tell an admin."),
        roles=roles,
    )


def _tell(user, subject: Promise, body: Promise, **params) -> None:
    """Email `user` in the language they chose (else the site's)."""
    if not user.email:
        return
    with translation.override(user_language(user)):
        subject = _("[Fact-checking desk] %(subject)s") % {"subject": subject}
        body = str(body) % {key: str(value) for key, value in params.items()}
    from factcheck.accounts.tasks import account_email_send

    transaction.on_commit(lambda: account_email_send.delay(user.email, subject, body), robust=True)
