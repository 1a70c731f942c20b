"""The desk's one mapping of service refusals to what an editor sees: a message on the page
(or an error on the form being sent), never a 500. Views never catch service errors themselves.

    with refusals(request) as refused:
        story_update(...)
    if refused:
        ...
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest

from factcheck.versioning import EditConflict

REFUSALS = (ValidationError, PermissionDenied, EditConflict)


def refusal_messages(error: Exception) -> list[str]:
    return list(error.messages) if isinstance(error, ValidationError) else [str(error)]


class Refusal:
    """What a service refused, if it did: true when it did."""

    error: Exception | None = None

    def __bool__(self) -> bool:
        return self.error is not None

    @property
    def status(self) -> int:
        """The HTTP status a page showing the refusal answers with."""
        return 409 if isinstance(self.error, EditConflict) else 400


@contextmanager
def refusals(
    request: HttpRequest, *, form: forms.Form | None = None, conflict_hint: str = ""
) -> Iterator[Refusal]:
    """Run a service; its refusal becomes a message (or, given `form`, an error on the form).
    `conflict_hint` follows the message of an edit conflict (what the editor should do)."""
    refusal = Refusal()
    try:
        yield refusal
    except REFUSALS as error:
        refusal.error = error
        texts = refusal_messages(error)
        if isinstance(error, EditConflict) and conflict_hint:
            texts = [f"{texts[0]} {conflict_hint}"]
        if form is not None:
            form.add_error(None, texts)
        else:
            messages.error(request, "; ".join(texts))


def form_errors(form: forms.Form) -> ValidationError:
    """A form's errors as one refusal ("field: problem"), for pages that show it as a message."""
    return ValidationError(
        [f"{field}: {' '.join(map(str, errors))}" for field, errors in form.errors.items()]
    )
