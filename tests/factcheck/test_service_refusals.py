"""One mapping of service refusals per surface: the API's exception handler and the desk's
`refusals` helper, and the one conflict exception behind both."""

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory
from rest_framework.test import APIClient

from articles.services.articles import article_update_details
from factcheck.api import Conflict, api_error, exception_handler
from factcheck.desk import refusals
from factcheck.versioning import EditConflict
from tests.factories import ArticleFactory


def test_an_edit_conflict_is_a_409_with_its_message():
    error = api_error(EditConflict("ed1 saved this claim at 10:02 after you opened it."))
    assert isinstance(error, Conflict)
    assert error.status_code == 409
    assert str(error.detail) == "ed1 saved this claim at 10:02 after you opened it."


def test_a_conflict_answers_what_it_conflicts_with_as_data():
    response = exception_handler(Conflict("A claim is there.", body={"duplicates": [{"id": 7}]}), {})
    assert response.status_code == 409
    assert response.data == {"detail": "A claim is there.", "duplicates": [{"id": 7}]}
    assert type(response.data["duplicates"][0]["id"]) is int  # not made a message


def test_a_refusal_is_a_403_that_keeps_the_services_reason():
    error = api_error(PermissionDenied("Four eyes: someone else must approve it."))
    assert error.status_code == 403
    assert str(error.detail) == "Four eyes: someone else must approve it."


@pytest.mark.parametrize(
    ("raised", "answer"),
    [
        (
            ValidationError({"slug": "Another story has this address."}),
            {"slug": ["Another story has this address."]},
        ),
        (
            ValidationError("Nothing changed since revision 1."),
            {"detail": ["Nothing changed since revision 1."]},
        ),
        # A list-style error has no fields: it once broke a handler reading `message_dict`.
        (
            ValidationError(["No source yet.", "No verdict yet."]),
            {"detail": ["No source yet.", "No verdict yet."]},
        ),
    ],
)
def test_a_validation_error_is_a_400_keyed_by_field_or_under_detail(raised, answer):
    error = api_error(raised)
    assert error.status_code == 400
    assert {key: [str(m) for m in messages] for key, messages in error.detail.items()} == answer


def test_other_exceptions_are_left_to_rest_framework():
    error = KeyError("x")
    assert api_error(error) is error


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/claims/abc/",
        "/api/v1/claims/abc/verdict/",
        "/api/v1/claims/1e3/sources/",
        "/api/v1/facts/abc/",
    ],
)
def test_an_id_that_is_not_a_number_is_not_found_never_a_500(db, editor, path):
    client = APIClient()
    client.force_authenticate(editor)
    assert client.get(path).status_code == 404


def _request():
    request = RequestFactory().post("/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def test_the_desk_shows_a_refusal_as_a_message_and_says_it_was_refused():
    request = _request()
    with refusals(request) as refused:
        raise ValidationError(["Add a source.", "Add a verdict."])
    assert refused
    assert refused.status == 400
    assert [str(m) for m in get_messages(request)] == ["Add a source.; Add a verdict."]


def test_an_edit_conflict_on_the_desk_answers_409_with_what_to_do():
    request = _request()
    with refusals(request, conflict_hint="Nothing was done: look again.") as refused:
        raise EditConflict("ed2 saved this claim at 10:02 after you opened it.")
    assert refused.status == 409
    assert [str(m) for m in get_messages(request)] == [
        "ed2 saved this claim at 10:02 after you opened it. Nothing was done: look again."
    ]


def test_a_refusal_on_a_form_becomes_the_forms_error():
    from django import forms

    form = forms.Form(data={})
    form.is_valid()
    with refusals(_request(), form=form) as refused:
        raise PermissionDenied("Only the claim's author edits a draft.")
    assert refused
    assert form.non_field_errors() == ["Only the claim's author edits a draft."]


def test_nothing_refused_is_false_and_other_errors_pass_through():
    with refusals(_request()) as refused:
        pass
    assert not refused
    with pytest.raises(KeyError), refusals(_request()):
        raise KeyError("a bug is not a refusal")


def test_a_stale_article_edit_is_refused_with_the_one_conflict(db, editor):
    article = ArticleFactory(title="Before")
    article_update_details(article=article, by=editor, expected_version=1, title="First")
    with pytest.raises(EditConflict, match=r"saved this article at .* after you opened it"):
        article_update_details(article=article, by=editor, expected_version=1, title="Second")
    article.refresh_from_db()
    assert (article.title, article.version) == ("First", 2)
