"""The API's one mapping of service refusals to answers (REST_FRAMEWORK's EXCEPTION_HANDLER).

Services raise Django's exceptions; views never catch them. Here a `ValidationError` becomes a
400 (field errors keyed by field, others under `detail`), a `PermissionDenied` a 403 with its
message, an `EditConflict` a 409, and a request over Django's upload limits a 400 or 413 that
says which limit. A 409 may also say what it conflicts with (`Conflict(body=...)`): the claims
API names the claims that a new claim would duplicate.

A NUL byte, which PostgreSQL refuses in a query (a DataError) and SQLite stores, is turned away
where it comes in, not mapped from DataError here: DRF's and Django's text fields refuse it in
bodies and filters, the API's query serializers in other parameters (`?url=`), and the access
helpers in an address (`slug_or_404`). So the answer is the same on either database and names the
parameter, and a DataError that still reaches the database stays a 500 that shows the bug (only
psycopg's message would tell a NUL apart from a real one). An address under /api/v1/ that no
operation has (a word where an id is expected) is a JSON 404: `no_such_address`.

The schema documents these answers with the same shapes: `errors(400, 403, 404, ...)` gives an
operation's error responses for `extend_schema(responses=...)`: a 400 is `ValidationError` (the
messages keyed by field, the others under `detail`), every other refusal is `Error` (`detail`).
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.extensions import OpenApiSerializerExtension
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, serializers
from rest_framework.views import exception_handler as drf_exception_handler

from factcheck.versioning import EditConflict


class TooLarge(exceptions.APIException):
    status_code = 413
    default_detail = "The request is larger than the desk accepts."
    default_code = "too_large"


class Conflict(exceptions.APIException):
    """A 409. `body` adds to `detail` what the conflict is with (the claims a new claim would
    duplicate), as it is: its values are data, not messages."""

    status_code = 409
    default_detail = "Someone saved this since you read it."
    default_code = "conflict"

    def __init__(self, detail=None, code=None, *, body: dict | None = None) -> None:
        super().__init__(detail, code)
        self.body = body or {}


def api_error(exc: Exception) -> Exception:
    """The API exception that answers for a service's refusal (others are left as they are)."""
    if isinstance(exc, EditConflict):
        return Conflict(str(exc))
    if isinstance(exc, TooManyFilesSent):
        return exceptions.ParseError(
            f"Too many files in one request: at most {settings.DATA_UPLOAD_MAX_NUMBER_FILES}. "
            "Send them in several requests, or as one zip archive."
        )
    if isinstance(exc, TooManyFieldsSent):
        return exceptions.ParseError(
            f"Too many fields in one request: at most {settings.DATA_UPLOAD_MAX_NUMBER_FIELDS}."
        )
    if isinstance(exc, RequestDataTooBig):
        return TooLarge()
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied(str(exc) or None)
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            return exceptions.ValidationError(exc.message_dict)
        return exceptions.ValidationError({"detail": exc.messages})
    return exc


def exception_handler(exc: Exception, context: dict):
    exc = api_error(exc)
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, Conflict) and exc.body:
        response.data = {**response.data, **exc.body}
    return response


@csrf_exempt  # it changes nothing, whatever the method
def no_such_address(request: HttpRequest, path: str = "") -> JsonResponse:
    """The answer under /api/v1/ to an address that is no operation's (an id that is not a
    number where one is expected, a NUL byte, a typo): a 404 in JSON, as the operations give,
    not the site's HTML page."""
    return JsonResponse({"detail": "No such address in the API."}, status=404)


# -- the refusals in the schema ---------------------------------------------------------------


class ErrorSerializer(serializers.Serializer):
    """A refusal and its reason (not logged in, not allowed, no such object, a conflict...)."""

    detail = serializers.CharField()


class ValidationErrorSerializer(serializers.Serializer):
    """What was wrong with the request (its schema is `_ValidationErrorSchema`'s)."""


class _ValidationErrorSchema(OpenApiSerializerExtension):
    target_class = ValidationErrorSerializer

    def map_serializer(self, auto_schema, direction) -> dict:
        message = {"type": "string"}
        return {
            "type": "object",
            "description": (
                "Each field's messages under its name (nested for a list or an object); a "
                "refusal that is about no one field under `detail` (a list of messages), and a "
                "request that could not be read under `detail` (one message)."
            ),
            "additionalProperties": {
                "oneOf": [
                    message,
                    {"type": "array", "items": {"oneOf": [message, {"type": "object"}]}},
                    {"type": "object"},
                ]
            },
            "example": {"version": ["The version of the claim you read is required."]},
        }


ERRORS = {
    400: OpenApiResponse(ValidationErrorSerializer, "The request is invalid, or refused: the reasons."),
    403: OpenApiResponse(
        ErrorSerializer, "Not logged in, or this account may not do this (the reason says which)."
    ),
    404: OpenApiResponse(ErrorSerializer, "No such object, or no such page of the list."),
    409: OpenApiResponse(
        ErrorSerializer, "Someone saved it since the version you read: reload it, then decide again."
    ),
    413: OpenApiResponse(ErrorSerializer, "The request is larger than the desk accepts."),
    415: OpenApiResponse(
        ErrorSerializer, "The body is in none of the media types the operation reads (its Content-Type)."
    ),
    429: OpenApiResponse(ErrorSerializer, "Too many requests from this client: wait, then retry."),
}


def errors(*codes: int, body: bool = False) -> dict[int, OpenApiResponse]:
    """The documented error answers of an operation, for `extend_schema(responses=...)`;
    `body=True` adds those of any operation that reads a request body: 400 (invalid), 413 (too
    large) and 415 (in a media type it does not read)."""
    if body:
        codes = (*codes, 400, 413, 415)
    return {code: ERRORS[code] for code in sorted(set(codes))}
