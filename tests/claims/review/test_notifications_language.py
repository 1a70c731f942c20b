"""Notifications speak their reader's language: the desk's list in the language of the page,
an email in the language its recipient chose (else the site's). Each is a whole sentence per
kind of item, so Italian and French agree in gender (un'affermazione, un fatto)."""

import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import translation

from claims.models import Notification
from claims.review.assignment import assignment_set
from claims.review.workflow import review_transition
from factcheck.accounts.language import user_language_set
from tests.factories import ClaimFactory, StoryFactory, approved_claim, ready_claim, ready_fact

pytestmark = pytest.mark.django_db


def _text(notification: Notification, language: str) -> str:
    with translation.override(language):
        return notification.text()


def test_an_approval_reads_in_italian_and_french_with_the_gender_of_its_item(
    fact_checker, editor, other_editor
):
    claim = approved_claim(fact_checker, editor, statement="Behemoth is late.")
    fact = ready_fact(StoryFactory(lead_editor=other_editor), other_editor, [claim], statement="It slipped.")
    review_transition(item=fact, action="submit", by=other_editor)
    review_transition(item=fact, action="approve", by=editor)
    on_claim = Notification.objects.get(recipient=fact_checker, verb="approve")
    on_fact = Notification.objects.get(recipient=other_editor, verb="approve")
    assert _text(on_claim, "it") == "ed1 ha approvato la tua affermazione: Behemoth is late."
    assert _text(on_fact, "it") == "ed1 ha approvato il tuo fatto: It slipped."
    assert _text(on_claim, "fr") == "ed1 a approuvé votre affirmation : Behemoth is late."
    assert _text(on_fact, "fr") == "ed1 a approuvé votre fait : It slipped."
    # The stored message is the site's language, for the admin.
    assert on_claim.message == "ed1 approved your claim: Behemoth is late."


def test_the_desk_list_shows_notifications_in_the_readers_language(client, fact_checker, editor):
    claim = ready_claim(fact_checker, statement="Behemoth is late.")
    review_transition(item=claim, action="submit", by=fact_checker)
    review_transition(item=claim, action="request_changes", by=editor, comment="A source, please.")
    client.force_login(fact_checker)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "it"
    page = client.get(reverse("claims:notifications")).content.decode()
    assert "ed1 ha chiesto modifiche alla tua affermazione: Behemoth is late." in page
    assert "asked for changes" not in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    page = client.get(reverse("claims:notifications"), headers={"accept-language": "it"}).content.decode()
    assert "ed1 a demandé des modifications à votre affirmation : Behemoth is late." in page


def test_the_desk_list_reads_notifications_in_a_bounded_number_of_queries(
    client, editor, fact_checker, django_assert_max_num_queries
):
    story = StoryFactory(lead_editor=editor)
    for _ in range(6):
        assignment_set(item=ClaimFactory(author=editor), assignee=fact_checker, due_on=None, by=editor)
        assignment_set(
            item=ready_fact(story, editor, [ClaimFactory()]), assignee=fact_checker, due_on=None, by=editor
        )
    assignment_set(item=story, assignee=fact_checker, due_on=datetime.date(2031, 1, 2), by=editor)
    client.force_login(fact_checker)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "it"
    with django_assert_max_num_queries(8):
        page = client.get(reverse("claims:notifications")).content.decode()
    assert page.count("ed1 ti ha assegnato un’affermazione") == 6
    assert page.count("ed1 ti ha assegnato un fatto") == 6
    assert "ed1 ti ha assegnato una storia (scadenza 02 Gennaio 2031)" in page


def test_dates_in_a_notification_follow_the_readers_language(editor, fact_checker):
    claim = ClaimFactory(author=editor, statement="Behemoth is late.")
    assignment_set(item=claim, assignee=fact_checker, due_on=datetime.date(2030, 5, 1), by=editor)
    note = Notification.objects.get(recipient=fact_checker)
    assert note.params["due"] == "2030-05-01"  # stored as data, worded when read
    assert _text(note, "en") == "ed1 assigned you a claim (due May 1, 2030): Behemoth is late."
    assert (
        _text(note, "it")
        == "ed1 ti ha assegnato un’affermazione (scadenza 01 Maggio 2030): Behemoth is late."
    )
    assert _text(note, "fr") == "ed1 vous a assigné une affirmation (échéance 1 mai 2030) : Behemoth is late."


def test_a_notification_from_before_verbs_shows_its_stored_message(fact_checker):
    claim = ClaimFactory(author=fact_checker)
    old = Notification.objects.create(
        recipient=fact_checker, claim=claim, message="ed1 approved your claim: X"
    )
    assert _text(old, "it") == "ed1 approved your claim: X"
    broken = Notification.objects.create(
        recipient=fact_checker, claim=claim, verb="approve", params={"item": "X"}, message="kept"
    )
    assert _text(broken, "fr") == "kept"  # its words do not fit the sentence: never a crash


def test_an_email_goes_in_the_language_its_recipient_chose(
    fact_checker, editor, other_editor, django_capture_on_commit_callbacks
):
    user_language_set(user=editor, language="it")
    user_language_set(user=other_editor, language="fr")
    claim = ready_claim(fact_checker, statement="Behemoth is late.")
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        review_transition(item=claim, action="submit", by=fact_checker)
    emails = {message.to[0]: message for message in mail.outbox}
    italian, french = emails["ed1@desk.example"], emails["ed2@desk.example"]
    assert (
        italian.subject
        == "[Redazione di fact-checking] fc1 ha inviato in revisione un’affermazione: Behemoth is late."
    )
    assert italian.body.startswith(
        "fc1 ha inviato in revisione un’affermazione: Behemoth is late.\n\nAprila nella redazione: "
    )
    assert (
        french.subject
        == "[Rédaction de fact-checking] fc1 a envoyé une affirmation en relecture : Behemoth is late."
    )
    assert f"L’ouvrir dans la rédaction : {settings.DESK_URL}/claims/{claim.pk}/" in french.body


def test_an_email_to_someone_who_chose_no_language_goes_in_the_sites(
    fact_checker, editor, django_capture_on_commit_callbacks
):
    claim = ready_claim(fact_checker, statement="Behemoth is late.")
    with translation.override("fr"), django_capture_on_commit_callbacks(execute=True):
        review_transition(item=claim, action="submit", by=fact_checker)
    (email,) = mail.outbox
    assert email.subject == "[Fact-checking desk] fc1 submitted a claim for review: Behemoth is late."
    assert "Open it in the desk: " in email.body


def test_due_and_overdue_notifications_read_in_italian(editor, other_editor):
    from claims.notify import assignments_due_notify

    today = datetime.date(2031, 3, 10)
    due = ClaimFactory(author=editor, statement="Due today.")
    late = ready_fact(StoryFactory(lead_editor=editor), editor, [ClaimFactory()], statement="Late.")
    assignment_set(item=due, assignee=other_editor, due_on=today, by=editor)
    assignment_set(item=late, assignee=other_editor, due_on=datetime.date(2031, 3, 1), by=editor)
    assert assignments_due_notify(today=today) == 2
    texts = {n.verb: _text(n, "it") for n in Notification.objects.filter(verb__in=["due_today", "overdue"])}
    assert texts == {
        "due_today": "La tua affermazione scade oggi: Due today.",
        "overdue": "Il tuo fatto scadeva il 01 Marzo 2031 ed è in ritardo: Late.",
    }
