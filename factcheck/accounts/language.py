"""Each person's interface language: remembered when they choose it with the language switcher,
set again when they log in (in another browser too), and used for the emails they receive."""

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.http import HttpRequest, HttpResponse

from factcheck.accounts.models import LanguagePreference

# On the request of a login: the language the response sets the cookie to (middleware.py).
LOGIN_LANGUAGE_ATTR = "_desk_login_language"


def is_desk_language(language: str) -> bool:
    return language in dict(settings.LANGUAGES)


def user_language(user) -> str:
    """The language `user` chose, else the site's (settings.LANGUAGE_CODE). Reads
    `user.language_preference`, so a `select_related` of it saves the query."""
    try:
        language = user.language_preference.language
    except ObjectDoesNotExist:
        return settings.LANGUAGE_CODE
    return language if is_desk_language(language) else settings.LANGUAGE_CODE


def user_language_set(*, user, language: str) -> LanguagePreference:
    """Remember `language` as `user`'s choice (one of settings.LANGUAGES)."""
    if not is_desk_language(language):
        raise ValueError(f"{language!r} is not one of the desk's languages")
    preference, _ = LanguagePreference.objects.update_or_create(user=user, defaults={"language": language})
    user.language_preference = preference  # a cached "none chosen" on `user` would hide it
    return preference


def set_language_cookie(response: HttpResponse, language: str) -> None:
    """The django_language cookie as Django's set_language view writes it."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,  # type: ignore[arg-type]
    )


def login_language(request: HttpRequest) -> str | None:
    """The language a login on `request` switched to, if the user had chosen one."""
    return getattr(request, LOGIN_LANGUAGE_ATTR, None)
