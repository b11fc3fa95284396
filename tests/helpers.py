"""Helpers shared by test modules (pytest puts this folder on the import path)."""

from django.contrib.auth import get_user_model

from koers.accounts.models import Role
from koers.addresses import plan_reverse
from koers.monitor.models import Indicator
from koers.plans.models import Framework, Municipality, Theme


def user(
    username: str, kind: str | None = None, themes: list[str] = (), municipality=None, **extra
):
    """A user with a role (editor, partner, viewer) of a municipality (the first one loaded,
    unless named), for the themes with these chapters."""
    found = get_user_model().objects.create_user(username, password="geheim-wachtwoord-1")
    if kind:
        municipality = municipality or Municipality.objects.order_by("pk").first()
        role = Role.objects.create(user=found, kind=kind, municipality=municipality, **extra)
        role.themes.set(
            Theme.objects.filter(chapter__in=themes, framework__municipality=municipality)
        )
    return found


_BY_INDICATOR = {"web:indicator", "web:measure", "web:assess", "web:confirm", "web:chart_file"}


def plan_url(name: str, *args, framework=None) -> str:
    """The address of a page of a plan (the first one loaded, unless named). For the
    indicator pages the first argument is the indicator's code; its task is found here."""
    framework = framework or Framework.objects.select_related("municipality").order_by("pk")[0]
    if name in _BY_INDICATOR:
        found = Indicator.objects.filter(task__framework=framework, code=args[0]).first()
        task = found.task.code if found is not None else "0"
        args = (task, *args)
    return plan_reverse(framework, name, *args)


def reported_indicator(code: str, on) -> dict:
    """One indicator as the first plan's report on `on` holds it (the live content)."""
    from koers.reports.publishing import live_content

    content = live_content(Framework.objects.order_by("pk")[0].pk, None, on)
    [found] = [
        i
        for theme in content["themes"]
        for task in theme["tasks"]
        for i in task["indicators"]
        if i["code"] == code
    ]
    return found


def page_urls() -> dict[str, str]:
    """An address of every page type of the first plan (its first programme on a date within
    the programme's period: a programme that ended is otherwise shown as it ended)."""
    from koers.plans.models import Action, Programme, Result

    programme = Programme.objects.order_by("pk").first()
    return {
        "overview": plan_url("web:overview"),
        "theme": plan_url("web:theme", "6"),
        "task": plan_url("web:task", "6.3"),
        "indicator": plan_url("web:indicator", "3.1-eenzaamheid-65plus"),
        "programme": plan_url("web:programme", programme.pk)
        + f"?peildatum={programme.start_year}-06-01",
        "search": plan_url("web:search") + "?q=jongeren",
        "actions": plan_url("web:actions"),
        "finances": plan_url("web:finances"),
        "peer_group": plan_url("web:peer_group"),
        "action": plan_url("web:action", Action.objects.order_by("pk").first().pk),
        "result": plan_url("web:result", Result.objects.order_by("pk").first().pk),
    }


def run_jobs() -> None:
    """Run the background jobs that are waiting, as `koers worker` would, then return.

    Within a test the worker shares the test's transaction; it must not close that
    connection between jobs as a worker process does (on PostgreSQL that ends the test).
    """
    from unittest import mock

    from django.core.management import call_command

    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("worker", batch=True, startup_delay=False, nice=0, verbosity=0)


def postgres_database(name: str) -> str | None:
    """On the CI run with PostgreSQL (DATABASE_URL set), a new empty database `name` for a
    process the test starts, and its URL; None on SQLite. Drop it with `drop_database`."""
    import os

    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith("postgres"):
        return None
    _postgres(base, f'DROP DATABASE IF EXISTS "{name}"')
    _postgres(base, f'CREATE DATABASE "{name}"')
    return base.rsplit("/", 1)[0] + f"/{name}"


def drop_database(url: str) -> None:
    _postgres(url, f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')


def _postgres(url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
        connection.execute(sql)
