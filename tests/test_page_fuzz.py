"""Every page address with what anyone could type: hypothesis fills each URL pattern's
parameters (real codes and ids of the Heerde plan, and arbitrary text, numbers beyond any
integer, odd slugs) and adds query strings; a resident, an editor and a partner ask for it,
and an editor posts arbitrary form fields to it. Nothing answers a server error.

The API has its own, stricter run (schemathesis, test_api_schemathesis.py); Django's admin
is left out.
"""

import os
import re
import uuid
from datetime import date
from urllib.parse import quote, urlencode

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from koers.monitor.models import Indicator
from koers.plans.models import Action, Framework, Partner, Programme, Result, Task
from koers.reports.models import Report
from koers.reports.services import create_report

from helpers import user

LEFT_OUT = ("admin/", "api/", "i18n/", "static/", "media/")
PLACEHOLDER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
QUERY_KEYS = [
    "peildatum",
    "q",
    "status",
    "partner",
    "jaar",
    "pagina",
    "framework",
    "municipality",
    "next",
    "sso",
    "format",
    "page",
]


def routes() -> list[str]:
    """Every page pattern as a route with placeholders, includes joined."""
    found: list[str] = []

    def walk(patterns, prefix: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if route.startswith(LEFT_OUT) or route.startswith("^"):
                continue
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern):
                found.append(route)

    walk(get_resolver().url_patterns, "")
    return sorted(set(found))


# No NUL: on PostgreSQL it aborts the test's own transaction, so every later example would
# fail; its answer (400) comes from the middleware (test_bad_input) and the API run
# (schemathesis, in a live server) sends it.
ODD_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="/\x00"),
    min_size=1,
    max_size=40,
)
HUGE = st.integers(min_value=0, max_value=10**30).map(str)
SLUG = st.from_regex(r"\A[-a-zA-Z0-9_]{1,40}\Z")


def _known() -> dict[str, list[str]]:
    framework = Framework.objects.select_related("municipality").get()
    task = Task.objects.order_by("code").first()
    return {
        "municipality": [framework.municipality.slug],
        "framework": [framework.slug],
        "chapter": ["6", "3"],
        "code": [
            task.code,
            "6.3",
            *Indicator.objects.filter(task=task).values_list("code", flat=True)[:3],
        ],
        "task": [task.code, "6.3"],
        "pk": [
            str(pk)
            for model in (Programme, Action, Result, Report)
            for pk in model.objects.values_list("pk", flat=True)[:2]
        ],
        "scope": ["kader", "programma", "thema"],
        "fmt": ["pdf", "docx", "xlsx", "csv", "json", "html"],
    }


def _value(converter: str | None, name: str, known: dict[str, list[str]]) -> st.SearchStrategy:
    # Mostly real values, so that the pages behind the first 404 are reached too.
    real = st.sampled_from(known.get(name) or ["1"])
    if converter == "int":
        real, odd = real.filter(str.isdigit), HUGE
    elif converter == "slug":
        odd = SLUG
    elif converter == "uuid":
        return st.one_of(st.uuids().map(str), st.just(str(uuid.UUID(int=0))))
    else:
        odd = ODD_TEXT
    return st.one_of(*[real] * 6, odd)


def addresses(known: dict[str, list[str]]) -> st.SearchStrategy:
    def fill(route: str) -> st.SearchStrategy:
        parts = PLACEHOLDER.split(route)
        # re.split with two groups: text, converter, name, text, ...
        pieces = [st.just(parts[0])]
        for i in range(1, len(parts), 3):
            value = _value(parts[i], parts[i + 1], known)
            converter = parts[i]
            pieces.append(
                value.map(
                    lambda v, c=converter: v if c in {"int", "slug", "uuid"} else quote(v, safe="")
                )
            )
            pieces.append(st.just(parts[i + 2]))
        return st.tuples(*pieces).map(lambda p: "/" + "".join(p))

    query = st.dictionaries(
        st.one_of(st.sampled_from(QUERY_KEYS), ODD_TEXT),
        st.one_of(ODD_TEXT, HUGE, st.just("")),
        max_size=3,
    )
    return st.tuples(st.sampled_from(routes()).flatmap(fill), query)


@pytest.fixture
def people(heerde):
    editor = user("redacteur", "editor")
    create_report(editor, Framework.objects.get(), None, date(2026, 6, 30))
    return {
        "resident": AnonymousUser(),
        "editor": editor,
        "partner": user("partner", "partner", partner=Partner.objects.order_by("pk").first()),
    }


def test_every_pattern_is_asked_for():
    # The walk finds the plan pages under their prefix and the pages of the reports.
    found = routes()
    assert "<slug:municipality>/<slug:framework>/opgave/<str:code>/" in found
    assert any(
        route.startswith("<slug:municipality>/<slug:framework>/rapportages/") for route in found
    )
    assert len(found) > 30


@pytest.mark.slow
def test_no_address_answers_a_server_error(client, people):
    known = _known()

    @settings(
        max_examples=int(os.environ.get("KOERS_FUZZ_EXAMPLES", "300")),
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(
        address=addresses(known),
        who=st.sampled_from(sorted(people)),
        form=st.none() | st.dictionaries(ODD_TEXT, ODD_TEXT, max_size=4),
    )
    def ask(address, who, form):
        path, query = address
        client.logout()
        if who != "resident":
            client.force_login(people[who])
        url = f"{path}?{urlencode(query)}" if query else path
        response = client.get(url) if form is None else client.post(url, form)
        assert response.status_code < 500, (who, "POST" if form is not None else "GET", url)

    ask()
