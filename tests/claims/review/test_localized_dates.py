"""Dates for people are in the reader's language's own format (the desk's lists and its import
history); machines still read ISO 8601 in the `datetime` attribute."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse

from articles.models import ImportBatch
from claims.models import Claim
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db

WHEN = datetime.datetime(2031, 2, 3, 14, 5, tzinfo=datetime.UTC)  # the desk shows UTC (settings.TIME_ZONE)


@pytest.mark.parametrize(("language", "shown"), [("en", "02/03/2031 2:05 p.m."), ("it", "03/02/2031 14:05")])
def test_the_queue_shows_when_a_claim_was_updated_in_the_readers_format(client, editor, language, shown):
    claim = ClaimFactory(author=editor)
    Claim.objects.filter(pk=claim.pk).update(updated_at=WHEN)
    client.force_login(editor)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = client.get(reverse("claims:queue", args=["my-drafts"])).content.decode()
    assert f'<time datetime="{WHEN.isoformat()}">{shown}</time>' in html
    assert "2031-02-03 14:05" not in html


def test_the_import_history_shows_its_dates_in_the_readers_format(client, desk_admin):
    batch = ImportBatch.objects.create(source="admin", status="done")
    ImportBatch.objects.filter(pk=batch.pk).update(created_at=WHEN)
    client.force_login(desk_admin)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    html = client.get(reverse("claims:home")).content.decode()
    assert f'<time datetime="{WHEN.isoformat()}">03/02/2031 14:05</time>' in html
