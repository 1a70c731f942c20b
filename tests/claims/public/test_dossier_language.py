"""The public dossier's interface follows the reader's language; its content keeps its own."""

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def test_dossier_page_speaks_italian_with_accept_language_it(published, client):
    response = client.get("/dossiers/behemoth/", headers={"Accept-Language": "it"})
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="it">' in html
    assert "I fatti" in html
    assert "Tutte le revisioni" in html
    assert "Correzioni" in html
    assert "The facts" not in html
    assert "All revisions" not in html
    assert response["Content-Language"] == "it"
    assert "Accept-Language" in response["Vary"]
    assert "Cookie" in response["Vary"]
    # The desk's own text is declared in the desk's language.
    assert f'lang="{settings.DESK_LANGUAGE}"' in html


def test_dossier_page_follows_the_language_cookie(published, client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    html = client.get("/dossiers/behemoth/v1/").content.decode()
    assert '<html lang="fr">' in html
    assert "Les faits" in html


def test_each_language_has_its_own_etag_and_english_stays_the_default(published, client):
    english = client.get("/dossiers/behemoth/")
    italian = client.get("/dossiers/behemoth/", headers={"Accept-Language": "it"})
    assert english["ETag"] != italian["ETag"]
    assert '<html lang="en">' in english.content.decode()
    assert "The facts" in english.content.decode()
    again = client.get(
        "/dossiers/behemoth/", headers={"Accept-Language": "it", "If-None-Match": italian["ETag"]}
    )
    assert again.status_code == 304
