"""Optimistic locking in the API: a writer names the version it read.

Either as the ETag the item was served with (`If-Match: "3"`; a stale one answers 412
Precondition Failed) or as `version` in the body (a stale one answers 409 Conflict). A change
or deletion without either answers 428 Precondition Required: nobody overwrites by accident.
"""

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from koers.concurrency import Conflict, parse_version


class PreconditionRequired(APIException):
    status_code = 428
    default_detail = _(
        "Say which version you read: the header If-Match with the item's ETag, or `version` "
        "in the body."
    )
    default_code = "precondition_required"


class VersionConflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"

    def __init__(self, detail: str, version: int | None) -> None:
        super().__init__(detail)
        self.version = version


class PreconditionFailed(VersionConflict):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_code = "precondition_failed"


def expected_version(request: Request) -> tuple[int, bool]:
    """The version the writer read, and whether it came as If-Match."""
    header = request.headers.get("If-Match")
    if header:
        try:
            found = parse_version(header)
        except ValueError:
            raise ValidationError({"If-Match": [_("Not an ETag of this API.")]}) from None
        if found is not None:
            return found, True
    body = request.data.get("version") if hasattr(request.data, "get") else None
    try:
        found = parse_version(body)
    except ValueError:
        raise ValidationError({"version": [_("A valid integer is required.")]}) from None
    if found is None:
        raise PreconditionRequired()
    return found, False


def conflict(error: Conflict, by_header: bool) -> APIException:
    """The API's answer to a stale version, with the version stored now."""
    return (PreconditionFailed if by_header else VersionConflict)(str(error), error.current_version)


def conflict_response(error: VersionConflict) -> Response:
    """The message and the version stored now (a number, not DRF's text)."""
    return Response(
        {"detail": str(error.detail), "version": error.version}, status=error.status_code
    )


def etag(response: Response, obj: Any) -> Response:
    response["ETag"] = f'"{obj.version}"'
    return response
