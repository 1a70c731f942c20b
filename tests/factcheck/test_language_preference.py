"""A person's language is remembered: chosen with the desk's switcher, it is set again when they
log in (in another browser too) and their emails use it. The public pages' switcher, which
carries no CSRF token, only sets the cookie."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from factcheck.accounts.language import user_language, user_language_set
from factcheck.accounts.models import LanguagePreference
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _switcher_token(html: str) -> str:
    form = re.search(r'<form class="language-switcher".*?</form>', html, re.DOTALL)
    assert form is not None
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.group(0))
    assert token is not None, "the desk's switcher carries the CSRF token"
    return token.group(1)


def test_the_desk_switcher_remembers_a_signed_in_persons_choice(editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    token = _switcher_token(client.get(reverse("claims:home")).content.decode())
    response = client.post(
        reverse("set_language"), {"language": "it", "next": "/", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "it"
    editor.refresh_from_db()
    assert user_language(editor) == "it"


def test_a_switch_without_the_csrf_token_sets_the_cookie_only(editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    response = client.post(reverse("set_language"), {"language": "fr", "next": "/dossiers/"})
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"
    assert not LanguagePreference.objects.exists()


def test_an_anonymous_reader_or_an_unknown_language_is_not_remembered(client, editor):
    response = client.post(reverse("set_language"), {"language": "it", "next": "/dossiers/"})
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "it"
    client.force_login(editor)
    client.get(reverse("claims:home"))
    client.post(reverse("set_language"), {"language": "de", "next": "/"})
    assert not LanguagePreference.objects.exists()
    assert user_language(editor) == settings.LANGUAGE_CODE


def test_logging_in_in_another_browser_sets_the_remembered_language(editor):
    user_language_set(user=editor, language="fr")
    browser = Client()
    browser.cookies[settings.LANGUAGE_COOKIE_NAME] = "it"  # left from another reader of this browser
    response = browser.post(reverse("login"), {"username": editor.username, "password": PASSWORD})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"
    page = browser.get(reverse("claims:home"))
    assert page.headers["Content-Language"] == "fr"
    assert '<html lang="fr"' in page.content.decode()


def test_logging_in_without_a_remembered_language_leaves_the_cookie_alone(editor):
    browser = Client()
    response = browser.post(reverse("login"), {"username": editor.username, "password": PASSWORD})
    assert response.status_code == 302
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_the_public_pages_switcher_carries_no_csrf_token(client, editor):
    client.force_login(editor)
    html = client.get(reverse("dossiers:index")).content.decode()
    form = re.search(r'<form class="language-switcher".*?</form>', html, re.DOTALL)
    assert form is not None
    assert "csrfmiddlewaretoken" not in form.group(0)


def test_only_a_desk_language_can_be_remembered(editor):
    with pytest.raises(ValueError, match="not one of the desk's languages"):
        user_language_set(user=editor, language="de")


def test_account_emails_go_in_the_language_its_owner_chose(editor, django_capture_on_commit_callbacks):
    from django.core import mail

    user_language_set(user=editor, language="it")
    editor.set_password("another-desk-password-2")
    with django_capture_on_commit_callbacks(execute=True):
        editor.save()
    (email,) = mail.outbox
    assert email.subject == "[Redazione di fact-checking] La tua password è stata cambiata"
    assert "I tuoi token API sono stati revocati." in email.body
