"""Middleware of the pages: Dutch first, and a content security policy."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

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
