"""Plan pages for visitors who are not logged in are kept whole (`koers.web.kept_pages`):
the same page for every visitor until a write moves the plan's data version on, per
language, and never a page with something of one visitor's own."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.db import connection
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from koers.monitor.models import Area, Indicator
from koers.monitor.services import Figure, record_measurement
from koers.plans.models import Framework
from koers.web.kept_pages import keep_page, kept_page, page_key

from helpers import plan_url, user

pytestmark = pytest.mark.usefixtures("heerde")
INDICATOR = "3.1-eenzaamheid-65plus"


def _get(client, address):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
    assert response.status_code == 200
    return response, len(queries)


def test_a_visitors_page_is_kept_until_the_next_write(client):
    address = plan_url("web:task", "3.1")
    first, sent_first = _get(client, address)
    again, sent_again = _get(client, address)
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"]
    assert again.context is None  # not rendered again
    assert sent_again == 1 < sent_first  # the framework of the address, with its data version
    record_measurement(
        None,
        Figure(
            Indicator.objects.get(code=INDICATOR),
            Area.objects.get(code="GM0246"),
            "2023",
            Decimal("17"),
        ),
        replace=True,
    )
    after, sent_after = _get(client, address)
    assert sent_after > 1
    assert "17%" in after.content.decode() and "17%" not in first.content.decode()


def test_a_logged_in_reader_never_gets_a_visitors_page(client):
    address = plan_url("web:task", "3.1")
    client.get(address)
    client.get(address)  # kept for visitors
    client.force_login(user("raadslid", "viewer"))
    page, sent = _get(client, address)
    assert sent > 1 and "raadslid" in page.content.decode()  # their name, by the log-out button
    _again, sent_again = _get(client, address)
    assert sent_again > 1  # a reader's own pages are not kept either


def test_each_language_has_its_own_kept_page(client):
    address = plan_url("web:task", "3.1")
    dutch = client.get(address).content.decode()
    assert "Waar staan we?" in dutch
    client.post(reverse("set_language"), {"language": "en", "next": address})
    english = client.get(address)
    assert english["Content-Language"] == "en"
    assert "Where do we stand?" in english.content.decode()
    client.post(reverse("set_language"), {"language": "nl", "next": address})
    assert client.get(address).content.decode() == dutch


def test_the_language_switch_needs_no_csrf_token():
    """Pages for visitors carry no CSRF token, so the language switch cannot ask for one."""
    client = Client(enforce_csrf_checks=True)
    page = client.get(plan_url("web:overview")).content.decode()
    assert "csrfmiddlewaretoken" not in page
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "en"


def test_a_page_with_something_of_the_visitors_own_is_not_kept(rf):
    framework = Framework.objects.select_related("municipality").first()
    on = date(2024, 6, 1)

    def visitor(path: str, host: str = "localhost"):
        request = rf.get(path, HTTP_HOST=host)
        request.user = AnonymousUser()
        SessionMiddleware(lambda r: HttpResponse()).process_request(request)
        MessageMiddleware(lambda r: HttpResponse()).process_request(request)
        return request

    told = visitor("/told/")
    assert page_key(told, framework, on) is not None
    messages.info(told, "Opgeslagen")
    assert page_key(told, framework, on) is None

    with_form = visitor("/form/")
    key = page_key(with_form, framework, on)
    get_token(with_form)  # the page's form used the visitor's CSRF token
    keep_page(key, with_form, HttpResponse("form"))
    assert kept_page(key) is None

    with_cookie = visitor("/cookie/")
    key = page_key(with_cookie, framework, on)
    response = HttpResponse("cookie")
    response.set_cookie("seen", "1")
    keep_page(key, with_cookie, response)
    assert kept_page(key) is None

    plain = visitor("/plain/")
    key = page_key(plain, framework, on)
    keep_page(key, plain, HttpResponse("plain"))
    assert kept_page(key).content == b"plain"
    assert page_key(visitor("/plain/?peildatum=2024-01-01"), framework, on) != key
    assert page_key(visitor("/plain/", host="127.0.0.1"), framework, on) != key
    assert page_key(visitor("/plain/"), framework, on) == key
