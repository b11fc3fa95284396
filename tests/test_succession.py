"""A new programme period: Thema 6 2025-2026 started from 2023-2024, with the unfinished
actions carried over and linked to the actions they continue."""

import html

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from koers.budgets.models import BudgetLine
from koers.plans.models import Action, Programme, Result
from koers.plans.succession import start_next_programme

from helpers import plan_url, user

pytestmark = pytest.mark.django_db


@pytest.fixture
def old(heerde):
    programme = Programme.objects.get()
    actions = Action.objects.filter(ambition__programme=programme).order_by("pk")
    actions.filter(pk=actions[0].pk).update(status="done", progress=100)
    actions.filter(pk=actions[1].pk).update(status="cancelled")
    return programme


def test_an_editor_starts_the_next_period_on_the_page(old):
    before = {
        a.pk: (a.code, a.status, a.text) for a in Action.objects.filter(ambition__programme=old)
    }
    open_actions = {
        pk for pk, (_, status, _) in before.items() if status in ("not_started", "in_progress")
    }
    client = Client()
    client.force_login(user("redacteur", "editor", themes=["6"]))
    form = client.get(plan_url("web:next_period", old.pk)).content.decode()
    assert 'value="2025"' in form and 'value="2026"' in form
    assert f"{len(open_actions)} acties die nog niet klaar zijn" in html.unescape(form)
    response = client.post(
        plan_url("web:next_period", old.pk), {"start_year": 2025, "end_year": 2026}
    )
    assert response.status_code == 302
    new = Programme.objects.get(predecessor=old)
    assert new.title == "Uitvoeringsprogramma Thema 6 Gelijke kansen 2025-2026"
    assert (new.start_year, new.end_year, new.theme_id) == (2025, 2026, old.theme_id)
    carried = Action.objects.filter(ambition__programme=new)
    assert {a.predecessor_id for a in carried} == open_actions
    assert all(a.code == before[a.predecessor_id][0] for a in carried)
    assert all(a.deadline is None or a.deadline.year >= 2025 for a in carried)
    # The old programme is as it was; results and budget were not asked for.
    assert {
        a.pk: (a.code, a.status, a.text) for a in Action.objects.filter(ambition__programme=old)
    } == before
    assert not Result.objects.filter(ambition__programme=new).exists()
    assert not BudgetLine.objects.filter(programme=new).exists()
    assert new.ambitions.count() == old.ambitions.count()

    one = carried.first()
    page = html.unescape(client.get(plan_url("web:action", one.pk)).content.decode())
    assert "Vervolg van" in page and "van het programma 2023\u20132024" in page
    previous = html.unescape(
        client.get(plan_url("web:action", one.predecessor_id)).content.decode()
    )
    assert "Loopt door in" in previous and "van het programma 2025\u20132026" in previous
    programme_page = client.get(plan_url("web:programme", new.pk)).content.decode()
    assert "Uitvoeringsprogramma Thema 6 Gelijke kansen 2023-2024" in programme_page


def test_results_and_budget_come_along_only_when_asked(old):
    editor = user("redacteur", "editor")
    first = Result.objects.filter(ambition__programme=old).order_by("pk")[0]
    Result.objects.filter(pk=first.pk).update(achieved=True, evidence="verslag")
    new = start_next_programme(
        editor, old, start_year=2025, end_year=2026, copy_results=True, copy_budget=True
    )
    open_results = Result.objects.filter(ambition__programme=old, achieved=False).count()
    assert Result.objects.filter(ambition__programme=new).count() == open_results
    copied = Result.objects.filter(ambition__programme=new, action__isnull=False)
    assert all(r.action.ambition.programme_id == new.pk for r in copied)
    assert BudgetLine.objects.filter(programme=new).count() == old.budget_lines.count()
    assert not BudgetLine.objects.filter(programme=new, spending__isnull=False).exists()


@pytest.mark.parametrize(
    ("years", "field", "message"),
    [
        ((2024, 2025), "start_year", "De nieuwe periode begint na de huidige"),
        ((2027, 2028), "end_year", "Het kaderdocument loopt tot en met 2027"),
        ((2026, 2025), "end_year", "Het laatste jaar ligt vóór het eerste jaar."),
    ],
)
def test_a_period_that_overlaps_or_outlives_the_framework_is_refused(old, years, field, message):
    with pytest.raises(ValidationError) as refused:
        start_next_programme(user("chef", "editor"), old, start_year=years[0], end_year=years[1])
    assert message in " ".join(refused.value.message_dict[field])
    assert Programme.objects.count() == 1


def test_the_same_period_twice_and_other_themes_editors_are_refused(old):
    start_next_programme(user("chef", "editor"), old, start_year=2025, end_year=2026)
    with pytest.raises(ValidationError):
        start_next_programme(user("chef2", "editor"), old, start_year=2025, end_year=2026)
    # Another period from the same programme: its actions are carried over once only.
    with pytest.raises(ValidationError) as refused:
        start_next_programme(user("chef3", "editor"), old, start_year=2025, end_year=2025)
    assert "wordt al voortgezet in" in " ".join(refused.value.message_dict["start_year"])
    client = Client()
    client.force_login(user("wmo", "editor", themes=["3"]))
    assert client.get(plan_url("web:next_period", old.pk)).status_code == 403
    assert Programme.objects.count() == 2
