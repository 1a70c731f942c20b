"""The API's one mapping of service refusals to answers (REST_FRAMEWORK's EXCEPTION_HANDLER).

Services raise Django's exceptions; views never catch them. Here a `ValidationError` becomes a
400 (field errors keyed by field, others under `detail`), a `PermissionDenied` a 403 with its
message, an `EditConflict` a 409, and a request over Django's upload limits a 400 or 413 that
says which limit.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler

from factcheck.versioning import EditConflict


class TooLarge(exceptions.APIException):
    status_code = 413
    default_detail = "The request is larger than the desk accepts."
    default_code = "too_large"


class Conflict(exceptions.APIException):
    status_code = 409
    default_detail = "Someone saved this since you read it."
    default_code = "conflict"


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
    return drf_exception_handler(api_error(exc), context)
