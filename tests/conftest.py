import copy
import email
import os
import shutil
import socket

import pytest
from aiosmtpd.controller import Controller
from django.apps import apps
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.test import override_settings
from django.utils import translation

from koers.imports.datafiles import DEMO_DATA, read_data_dir
from koers.monitor.tree import forget_kept_plans
from koers.web.kept_pages import forget_kept_pages


@pytest.fixture(autouse=True)
def _default_language():
    """A request in English leaves English active in the thread; each test starts in Dutch."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Kept statuses and plans of one test are not another's."""
    cache.clear()
    forget_kept_plans()
    forget_kept_pages()


# A real SMTP server on 127.0.0.1 (aiosmtpd); the messages as they arrived.
class Inbox:
    def __init__(self) -> None:
        self.messages: list[email.message.Message] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 OK"


@pytest.fixture
def smtp():
    inbox = Inbox()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=port,
        ):
            yield inbox
    finally:
        controller.stop()


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, driven by Playwright (no browser is downloaded)."""
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls in the test
    # are still plain synchronous ones.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=shutil.which("chromium") or "/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


@pytest.fixture
def heerde(db):
    """The Heerde plan, loaded from data/heerde/ as `koers load-demo` does."""
    load_heerde()


# Made by `migrate`; everything else starts empty in a test.
_MIGRATED = {"contenttypes.contenttype", "auth.permission"}
# Also made by `migrate` (and after every flush), but with new keys after a flush: the copy
# brings back its own rows, so that the plan's links to them hold.
_LISTS = {"budgets.taakveldlist", "budgets.taakveld"}


def _filled(model: type) -> bool:
    return model._meta.label_lower not in _LISTS and model._base_manager.exists()


_HEERDE: list[tuple[type, list[dict]]] | None = None


def load_heerde() -> None:
    """`koers load-demo` into an empty database: the first time in a test process through
    the loader, after that by copying the rows it made (and their history) back, which takes
    a tenth of the time. A database that is not empty gets the loader every time."""
    global _HEERDE
    if _HEERDE is not None and not any(_filled(m) for m, _rows in _HEERDE):
        with transaction.atomic():  # foreign keys are checked at the end (deferred)
            for model, _rows in reversed(_HEERDE):
                if model._meta.label_lower in _LISTS:
                    model._base_manager.all().delete()
            for model, rows in _HEERDE:
                model._base_manager.bulk_create([model(**row) for row in rows])
            statements = connection.ops.sequence_reset_sql(no_style(), [m for m, _ in _HEERDE])
            with connection.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)
        return
    models = [
        m
        for m in apps.get_models(include_auto_created=True)
        if not m._meta.proxy and m._meta.label_lower not in _MIGRATED
    ]
    empty = not any(_filled(m) for m in models)
    call_command("load_demo", verbosity=0)
    if empty and _HEERDE is None:
        _HEERDE = [
            (model, [_row(model, obj) for obj in model._base_manager.order_by("pk")])
            for model in models
            if model._base_manager.exists()
        ]


def _row(model: type, obj: object) -> dict:
    return {f.attname: getattr(obj, f.attname) for f in model._meta.concrete_fields}


@pytest.fixture(scope="session")
def heerde_document() -> dict:
    return read_data_dir(DEMO_DATA)


@pytest.fixture
def small_document() -> dict:
    """A complete but tiny plan, to change one field at a time in error tests."""
    return copy.deepcopy(SMALL_DOCUMENT)


SMALL_DOCUMENT = {
    "format": "koers",
    "version": 1,
    "municipalities": [{"cbs_code": "GM0246", "name": "Heerde"}],
    "areas": [
        {
            "code": "GM0246",
            "name": "Heerde",
            "kind": "municipality",
            "cbs_code": "GM0246",
            "municipality": "GM0246",
        },
        {"code": "NL01", "name": "Nederland", "kind": "country", "cbs_code": "NL01"},
    ],
    "sources": [
        {"code": "ggd", "name": "GGD-monitor", "frequency": "four_yearly", "anchor_year": 2016}
    ],
    "dimensions": [
        {
            "code": "leeftijd",
            "name": "Leeftijd",
            "categories": [{"code": "leeftijd-65plus", "name": "65 jaar en ouder"}],
        }
    ],
    "partners": [{"name": "Stip", "kind": "municipal"}],
    "frameworks": [
        {
            "municipality": "GM0246",
            "title": "Kader",
            "start_year": 2022,
            "end_year": 2027,
            "themes": [
                {
                    "chapter": "3",
                    "title": "Thema",
                    "tasks": [
                        {
                            "code": "3.1",
                            "title": "Opgave",
                            "ambitions": [{"text": "Minder eenzaamheid."}],
                            "indicators": [
                                {
                                    "code": "3.1-eenzaamheid",
                                    "name": "Eenzaamheid",
                                    "unit": "percent",
                                    "direction": "lower_better",
                                    "source": "ggd",
                                    "targets": [
                                        {
                                            "kind": "direction",
                                            "direction": "decrease",
                                            "sentence": "neemt af",
                                        },
                                        {
                                            "kind": "maximum",
                                            "value": "40",
                                            "sentence": "bij 65-plussers hoogstens 40%",
                                            "category": "leeftijd-65plus",
                                        },
                                    ],
                                    "measurements": [
                                        {"area": "GM0246", "period": "2016", "value": "33"},
                                        {"area": "GM0246", "period": "2020", "value": "42"},
                                        {
                                            "area": "GM0246",
                                            "period": "2020",
                                            "category": "leeftijd-65plus",
                                            "value": "47",
                                        },
                                    ],
                                }
                            ],
                        }
                    ],
                }
            ],
            "programmes": [
                {
                    "title": "Programma",
                    "theme": "3",
                    "start_year": 2023,
                    "end_year": 2024,
                    "ambitions": [
                        {
                            "task": "3.1",
                            "number": "1",
                            "text": "Ambitie",
                            "actions": [
                                {
                                    "code": "1.1",
                                    "text": "Actie",
                                    "partners": ["Stip"],
                                    "references": ["3.1"],
                                }
                            ],
                            "results": [{"code": "1.1", "action": "1.1", "text": "Resultaat"}],
                        }
                    ],
                    "budget_lines": [{"task": "3.1", "amount_cents": 850000}],
                }
            ],
        }
    ],
}
