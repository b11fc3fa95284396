"""Middleware of the pages: Dutch first, a content security policy, requests too large
refused before they are read, and what the database refused answered in words."""

from collections.abc import Callable

import structlog
from django.conf import settings
from django.db import DataError, IntegrityError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

log = structlog.get_logger(__name__)

# The admin sets inline style attributes; scripts stay restricted to our own files.
POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", POLICY)
        return response


class DutchFirstMiddleware:
    """Koers speaks Dutch unless a user picks English with the language switch.

    The browser's Accept-Language is ignored: a Dutch municipality's pages should not
    turn English because a browser was installed in English. The choice is the
    `django_language` cookie that Django's set_language view writes.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


BUSY_SECONDS = 30


class DatabaseRefusalMiddleware:
    """What the database refused, answered in words, never as a server error: a write
    that waited in vain for SQLite's one writer (a large import holds it) gets 503 with a
    Retry-After; two people saving the same new item at the same moment, 409 for the one
    who came second; input the database cannot hold, 400. Either way the transaction was
    rolled back: nothing was saved."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, OperationalError) and "locked" in str(exception):
            log.warning("database_busy", path=request.path)
            message = _(
                "Koers is busy saving a large amount of data, such as an import. Nothing of "
                "yours has been saved; try again in a minute."
            )
            response = self._answer(request, message, 503)
            response["Retry-After"] = str(BUSY_SECONDS)
            return response
        if isinstance(exception, DataError):
            # What the database cannot hold or compare (PostgreSQL: a NUL character, a
            # number beyond its column): bad input, refused; the transaction saved nothing.
            log.warning("data_refused", path=request.path, error=str(exception)[:200])
            message = _(
                "This input holds a character or value Koers cannot store or look up (such "
                "as an invisible NUL character or a number beyond its range). Nothing has "
                "been saved."
            )
            return self._answer(request, message, 400)
        if isinstance(exception, IntegrityError):
            log.warning("concurrent_duplicate", path=request.path, error=str(exception))
            message = _(
                "Someone else saved the same item at the same moment. Yours has not been "
                "saved; look at the current values and enter yours again if still needed."
            )
            return self._answer(request, message, 409)
        return None

    @staticmethod
    def _answer(request: HttpRequest, message: str, status: int) -> HttpResponse:
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message}, status=status)
        return render(request, "web/busy.html", {"message": message}, status=status)


class RequestSizeMiddleware:
    """A request larger than KOERS_MAX_REQUEST_SIZE is refused from its Content-Length,
    before its body is read: a 200 MB upload costs nothing. Django reads no more of a body
    than its Content-Length says, so a request cannot slip more past this check."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.KOERS_MAX_REQUEST_SIZE
        if length > limit:
            log.warning("request_too_large", path=request.path, length=length)
            message = _(
                "The file is too large: %(size)s MB. Koers accepts files of at most %(limit)s "
                "MB; nothing has been saved."
            ) % {"size": _megabytes(length), "limit": _megabytes(limit)}
            return DatabaseRefusalMiddleware._answer(request, message, 413)
        return self.get_response(request)


def _megabytes(size: int) -> str:
    from django.utils.formats import number_format

    return number_format(round(size / 1024 / 1024, 1), decimal_pos=1 if size < 10 * 2**20 else 0)
