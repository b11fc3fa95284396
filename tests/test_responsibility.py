"""Who is responsible: set for many items at once by an editor of the theme, shown on the
pages, filterable, and kept in the export format."""

import html

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from koers.imports.exporter import export_document
from koers.imports.loader import load_document
from koers.monitor.models import Indicator
from koers.plans import responsibility
from koers.plans.models import Action, Contact, Municipality, Partner, Team

from helpers import plan_url, user

pytestmark = pytest.mark.django_db


@pytest.fixture
def anna(heerde):
    municipality = Municipality.objects.get()
    team = Team.objects.create(municipality=municipality, name="Team Gelijke kansen")
    return Contact.objects.create(
        municipality=municipality,
        name="Anna de Vries",
        email="anna@heerde.nl",
        organisation=Partner.objects.get(name="Stip"),
        team=team,
    )


def _ambition_actions(task: str, number: str) -> list[Action]:
    return list(Action.objects.filter(ambition__task__code=task, ambition__number=number))


def test_an_editor_sets_a_person_and_team_for_a_whole_ambition_on_the_page(anna):
    editor = user("redacteur", "editor", themes=["6"])
    client = Client()
    client.force_login(editor)
    address = plan_url("web:responsibility") + "?thema=6"
    page = client.get(address).content.decode()
    assert "Wie is verantwoordelijk in thema 6" in page
    ambition = _ambition_actions("6.1", "2")[0].ambition
    response = client.post(
        address,
        {"items": [f"ambition:{ambition.pk}"], "responsible": anna.pk, "team": anna.team.pk},
    )
    assert response.status_code == 302
    actions = _ambition_actions("6.1", "2")
    assert actions and {(a.responsible_id, a.team_id) for a in actions} == {(anna.pk, anna.team.pk)}
    assert not Action.objects.exclude(ambition=ambition).filter(responsible=anna).exists()
    record = actions[0].history.first()
    assert record.history_user == editor
    assert record.history_change_reason == "verantwoordelijke toegewezen"

    # The action's page names her, the programme page filters on her.
    action_page = client.get(plan_url("web:action", actions[0].pk)).content.decode()
    assert "Anna de Vries (Stip)" in action_page and "Team Gelijke kansen" in action_page
    programme = plan_url("web:programme", ambition.programme_id)
    filtered = client.get(f"{programme}?verantwoordelijke={anna.pk}", follow=True)
    shown = filtered.content.decode()
    assert all(f"/actie/{a.pk}/" in shown for a in actions)
    other = Action.objects.exclude(ambition=ambition).first()
    assert f"/actie/{other.pk}/" not in shown
    assert f"/actie/{other.pk}/" in client.get(programme, follow=True).content.decode()


def test_an_indicator_gets_its_data_supplier_and_the_page_names_them(anna):
    indicator = Indicator.objects.filter(task__code="6.1").first()
    responsibility.assign(user("chef", "editor"), [indicator], data_supplier=anna)
    page = Client().get(plan_url("web:indicator", indicator.code)).content.decode()
    assert "Levert de cijfers" in html.unescape(page) and "Anna de Vries" in page


def test_an_editor_of_another_theme_changes_nothing(anna):
    actions = _ambition_actions("6.1", "2")
    with pytest.raises(PermissionDenied):
        responsibility.assign(user("wmo", "editor", themes=["3"]), actions, responsible=anna)
    partner = user("stip", "partner", partner=Partner.objects.get(name="Stip"))
    with pytest.raises(PermissionDenied):
        responsibility.assign(partner, actions, responsible=anna)
    assert not Action.objects.filter(responsible__isnull=False).exists()
    client = Client()
    client.force_login(user("lezer", "viewer"))
    assert client.get(plan_url("web:responsibility")).status_code == 403


def test_a_person_of_another_municipality_is_refused(anna):
    epe = Municipality.objects.create(name="Epe", cbs_code="GM0232")
    stranger = Contact.objects.create(municipality=epe, name="Els")
    with pytest.raises(ValidationError) as refused:
        responsibility.assign(
            user("chef", "editor"), _ambition_actions("6.1", "2"), responsible=stranger
        )
    assert "Els hoort niet bij deze gemeente." in str(refused.value)
    assert not Action.objects.filter(responsible__isnull=False).exists()


def test_people_travel_with_the_export_format(anna):
    actions = _ambition_actions("6.1", "2")
    indicator = Indicator.objects.filter(task__code="6.1").first()
    editor = user("chef", "editor")
    responsibility.assign(editor, actions, responsible=anna, team=anna.team)
    responsibility.assign(editor, [indicator], data_supplier=anna)
    document = export_document()
    (heerde,) = document["municipalities"]
    assert heerde["teams"] == [{"name": "Team Gelijke kansen"}]
    assert heerde["contacts"][0] == {
        "name": "Anna de Vries",
        "email": "anna@heerde.nl",
        "reminders": True,
        "organisation": "Stip",
        "team": "Team Gelijke kansen",
        "user": None,
    }
    Contact.objects.all().delete()  # the items' people are emptied (SET_NULL)
    Team.objects.all().delete()
    assert not Action.objects.filter(responsible__isnull=False).exists()
    load_document(document, "export.json", "test")
    restored = Contact.objects.get(name="Anna de Vries")
    assert restored.team.name == "Team Gelijke kansen"
    assert {a.responsible_id for a in _ambition_actions("6.1", "2")} == {restored.pk}
    assert Indicator.objects.get(pk=indicator.pk).data_supplier_id == restored.pk


def test_the_api_names_the_people_and_filters_on_them(anna):
    actions = _ambition_actions("6.1", "2")
    responsibility.assign(user("chef", "editor"), actions, responsible=anna, team=anna.team)
    client = Client()
    found = client.get("/api/v1/actions/", {"responsible": "Anna de Vries", "limit": 200}).json()
    rows = found["results"] if isinstance(found, dict) else found
    assert {r["id"] for r in rows} == {a.pk for a in actions}
    assert {(r["responsible"], r["team"]) for r in rows} == {
        ("Anna de Vries", "Team Gelijke kansen")
    }
    assert "anna@heerde.nl" not in str(found)  # names only, never an address
    other = client.get("/api/v1/actions/", {"team": "Team Wmo"}).json()
    assert (other["results"] if isinstance(other, dict) else other) == []
