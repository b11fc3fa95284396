"""The action page as the unit of work, and the result page with its action."""

import html
from datetime import date

import pytest
from django.test import Client

from koers.budgets.models import BudgetLine
from koers.monitor.models import Indicator
from koers.plans import services
from koers.plans.models import Action, Result

from helpers import plan_url, user

pytestmark = pytest.mark.django_db


def _page(client: Client, name: str, pk: int) -> str:
    return html.unescape(client.get(plan_url(name, pk)).content.decode())


def test_an_action_page_shows_what_the_action_is_part_of(heerde):
    action = Action.objects.get(ambition__task__code="6.1", ambition__number="2", code="2.2")
    page = _page(Client(), "web:action", action.pk)
    # Full breadcrumbs: the theme and the task before the programme.
    assert "6. Gelijke kansen</a> \u203a " in page and ">6.1</a> \u203a " in page
    assert "2. Problemen op verschillende leefgebieden" in page  # its ambition
    assert '<progress id="voortgang" max="100" value="0">' in page
    assert "31 december 2024" in page and "nog niet bijgewerkt" in page
    shows = Result.objects.filter(action=action)
    assert shows and all(r.text in page for r in shows)
    others = Result.objects.filter(ambition=action.ambition).exclude(action=action)
    assert others and not any(f"/resultaat/{r.pk}/" in page for r in others)
    indicators = Indicator.objects.filter(task__code="6.1", role="monitor")
    assert all(i.name in page for i in indicators)
    (_line,) = BudgetLine.objects.filter(programme=action.ambition.programme, task__code="6.1")
    assert "Middelen voor opgave 6.1 in dit programma" in page
    assert "€ 8.500,00" in page


def test_the_last_update_is_the_latest_note(heerde):
    action = Action.objects.get(ambition__task__code="6.1", ambition__number="2", code="2.2")
    editor = user("redacteur", "editor")
    services.update_action(
        editor,
        action,
        {"status": "in_progress", "progress": 30},
        note=services.Note("Training gepland.", date(2024, 3, 4)),
    )
    client = Client()
    client.force_login(editor)
    page = _page(client, "web:action", action.pk)
    assert "Laatst bijgewerkt</dt><dd>4 maart 2024" in page
    assert '<progress id="voortgang" max="100" value="30">' in page


def test_a_result_page_shows_its_action_and_evidence(heerde):
    result = Result.objects.filter(action__isnull=False).order_by("pk").first()
    Result.objects.filter(pk=result.pk).update(evidence="https://heerde.nl/verslag-2024")
    page = _page(Client(), "web:result", result.pk)
    assert f"/actie/{result.action_id}/" in page and "De actie die het laat zien" in page
    assert 'href="https://heerde.nl/verslag-2024"' in page
    assert f">{result.ambition.task.code}</a> \u203a " in page
