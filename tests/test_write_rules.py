"""Every write rule through every path: the page, the API (one figure, many figures) and the
file import give the same outcome, because they all go through the services."""

import copy
from datetime import date, timedelta

import pytest
from conftest import SMALL_DOCUMENT
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from koers.accounts.models import Role
from koers.imports.document import Draft
from koers.imports.document.apply import plan_import
from koers.imports.loader import load_document
from koers.imports.measurements import ImportFailed, import_file
from koers.imports.services import import_plan
from koers.monitor.models import Area, Measurement
from koers.plans.models import Action, Municipality, Partner, Programme, Result, Task
from koers.reports.models import Explanation, Report

from helpers import plan_url, user

INDICATOR = "3.1-eenzaamheid"


@pytest.fixture
def plan(db):
    """The small plan with a second theme, so that an editor can be of another theme."""
    document = copy.deepcopy(SMALL_DOCUMENT)
    document["frameworks"][0]["themes"].append(
        {"chapter": "4", "title": "Ander thema", "tasks": [{"code": "4.1", "title": "Opgave"}]}
    )
    load_document(document, "test", "test")


def people() -> dict:
    partner = user("stip")
    Role.objects.create(
        user=partner,
        kind="partner",
        partner=Partner.objects.get(name="Stip"),
        municipality=Municipality.objects.get(),
    )
    return {
        "editor": user("redacteur", "editor", ["3"]),
        "other-editor": user("redacteur-4", "editor", ["4"]),
        "partner": partner,
        "viewer": user("raadslid", "viewer"),
    }


# -- the four paths -------------------------------------------------------------------------


def via_page(account, row: dict, replace: bool, tmp_path) -> bool:
    client = Client()
    client.force_login(account)
    data = {
        "area": Area.objects.get(code=row["area"]).pk,
        "period": row["period"],
        "value": row["value"],
        "status": row.get("status", "final"),
    }
    if replace:
        data["replace"] = "on"
    response = client.post(plan_url("web:measure", row["indicator"]), data)
    assert response.status_code in (200, 302, 403)
    return response.status_code == 302


def _api(account) -> APIClient:
    client = APIClient(HTTP_HOST="localhost")
    client.force_authenticate(account)
    return client


def via_api(account, row: dict, replace: bool, tmp_path) -> bool:
    """A new figure is posted; replacing one is a change of the stored item, by its ETag."""
    client = _api(account)
    stored = Measurement.objects.filter(
        indicator__code=row["indicator"],
        area__code=row["area"],
        period=row["period"],
        category=None,
    ).first()
    if replace and stored is not None:
        change = {"value": row["value"], "status": row.get("status", "final")}
        response = client.patch(
            f"/api/v1/measurements/{stored.pk}/",
            change,
            format="json",
            HTTP_IF_MATCH=f'"{stored.version}"',
        )
        assert response.status_code in (200, 400, 403), response.content
        return response.status_code == 200
    response = client.post("/api/v1/measurements/", row, format="json")
    assert response.status_code in (201, 400, 403), response.content
    return response.status_code == 201


def via_bulk(account, row: dict, replace: bool, tmp_path) -> bool:
    response = _api(account).post(
        "/api/v1/measurements/bulk/",
        {"replace": replace, "measurements": [row]},
        format="json",
    )
    assert response.status_code in (200, 400, 403), response.content
    body = response.json()
    return response.status_code == 200 and body["created"] + body["updated"] == 1


def via_file(account, row: dict, replace: bool, tmp_path) -> bool:
    path = tmp_path / "metingen.csv"
    status = {"final": "definitief", "provisional": "voorlopig"}[row.get("status", "final")]
    path.write_text(
        "indicator;gebied;periode;waarde;status\n"
        f"{row['indicator']};{row['area']};{row['period']};{row['value']};{status}\n",
        encoding="utf-8",
    )
    try:
        report = import_file(path, user=account, replace=replace)
    except ImportFailed:
        return False
    return report.created + report.updated == 1


PATHS = {"page": via_page, "api": via_api, "bulk": via_bulk, "file": via_file}

NEXT_YEAR = str(date.today().year + 1)
# (case, who, period, value, status, replace, written, stored value after, confirmed after)
CASES = [
    ("new figure", "editor", "2024", "38", "final", False, True, "38", True),
    (
        "period not begun",
        "editor",
        str(date.today().year + 1),
        "38",
        "final",
        False,
        False,
        None,
        None,
    ),
    ("period long before the plan", "editor", "1900", "38", "final", False, False, None, None),
    ("percentage over 100", "editor", "2024", "500", "final", False, False, None, None),
    ("duplicate, not replaced", "editor", "2020", "40", "final", False, False, "42", True),
    ("duplicate, replaced", "editor", "2020", "40", "final", True, True, "40", True),
    ("provisional over final", "editor", "2020", "40", "provisional", True, False, "42", True),
    ("partner over confirmed", "partner", "2020", "40", "final", True, False, "42", True),
    ("partner's figure waits", "partner", "2024", "38", "final", False, True, "38", False),
    ("editor of another theme", "other-editor", "2024", "38", "final", False, False, None, None),
    ("viewer", "viewer", "2024", "38", "final", False, False, None, None),
]


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize(
    ("case", "who", "period", "value", "status", "replace", "written", "after", "confirmed"),
    CASES,
    ids=[case[0] for case in CASES],
)
def test_one_rule_on_every_path(
    plan, tmp_path, path, case, who, period, value, status, replace, written, after, confirmed
):
    account = people()[who]
    row = {
        "indicator": INDICATOR,
        "area": "GM0246",
        "period": period,
        "value": value,
        "status": status,
    }
    assert PATHS[path](account, row, replace, tmp_path) is written
    stored = Measurement.objects.filter(  # the figure for everyone, not one by category
        indicator__code=INDICATOR, area__code="GM0246", period=period, category=None
    ).first()
    if after is None:
        assert stored is None
    else:
        assert stored.value == int(after)
        assert stored.confirmed is confirmed


def test_a_partner_never_deletes_a_confirmed_figure_but_may_delete_its_own(plan):
    accounts = people()
    client = _api(accounts["partner"])
    confirmed = Measurement.objects.get(period="2020", area__code="GM0246", category=None)
    url = f"/api/v1/measurements/{confirmed.pk}/"
    assert client.delete(url, HTTP_IF_MATCH=f'"{confirmed.version}"').status_code == 403
    assert Measurement.objects.filter(pk=confirmed.pk).exists()
    own = client.post(
        "/api/v1/measurements/",
        {"indicator": INDICATOR, "area": "GM0246", "period": "2023", "value": "30"},
        format="json",
    ).json()
    assert own["confirmed"] is False
    mine = f"/api/v1/measurements/{own['id']}/"
    assert client.delete(mine, HTTP_IF_MATCH=f'"{own["version"]}"').status_code == 204
    # Nor does a partner confirm figures, on the page or anywhere.
    page = Client()
    page.force_login(accounts["partner"])
    response = page.post(plan_url("web:confirm", INDICATOR, confirmed.pk))
    assert response.status_code == 403


# -- actions and results: the page and the API --------------------------------------------


def page_update_action(account, action, version, **changes) -> int:
    client = Client()
    client.force_login(account)
    data = {
        "status": "in_progress",
        "progress": "40",
        "noted_on": "2024-02-01",
        "text": "Overleg gevoerd.",
        "version": version,
        **changes,
    }
    return client.post(plan_url("web:action", action.pk), data).status_code


def api_update_action(account, action, version, **changes) -> int:
    data = {"status": "in_progress", "progress": 40, "version": version, **changes}
    return _api(account).patch(f"/api/v1/actions/{action.pk}/", data, format="json").status_code


ACTION_PATHS = {"page": (page_update_action, 302), "api": (api_update_action, 200)}


@pytest.mark.parametrize("path", ACTION_PATHS)
@pytest.mark.parametrize(
    "changes",
    [{"progress": 101}, {"progress": -1}, {"status": "done", "progress": 10}],
    ids=["progress over 100", "negative progress", "done but not 100%"],
)
def test_an_action_keeps_the_same_rules_on_the_page_and_in_the_api(plan, path, changes):
    editor = people()["editor"]
    action = Action.objects.get()
    update, ok = ACTION_PATHS[path]
    assert update(editor, action, action.version, **changes) != ok
    action.refresh_from_db()
    assert (action.status, action.progress, action.version) == ("not_started", 0, 1)
    assert update(editor, action, action.version) == ok
    action.refresh_from_db()
    assert (action.progress, action.version) == (40, 2)


@pytest.mark.parametrize("path", ACTION_PATHS)
def test_a_stale_version_is_refused_on_every_path(plan, path):
    editor = people()["editor"]
    action = Action.objects.get()
    update, ok = ACTION_PATHS[path]
    assert update(editor, action, 1, progress=30) == ok
    assert update(editor, action, 1, progress=60) != ok  # saw version 1, it is 2 now
    action.refresh_from_db()
    assert (action.progress, action.version) == (30, 2)


def test_the_api_answers_a_stale_version_with_409_or_412_and_a_missing_one_with_428(plan):
    client = _api(people()["editor"])
    action = Action.objects.get()
    url = f"/api/v1/actions/{action.pk}/"
    assert client.get(url)["ETag"] == '"1"'
    assert client.patch(url, {"progress": 20}, format="json").status_code == 428
    stale = client.patch(url, {"progress": 20}, format="json", HTTP_IF_MATCH='"7"')
    assert stale.status_code == 412 and stale.json()["version"] == 1
    assert client.patch(url, {"progress": 20, "version": 7}, format="json").status_code == 409
    done = client.patch(url, {"progress": 20}, format="json", HTTP_IF_MATCH='"1"')
    assert done.status_code == 200 and done["ETag"] == '"2"'


def test_a_partner_updates_progress_but_only_an_editor_moves_the_deadline(plan):
    partner = people()["partner"]
    action = Action.objects.get()
    later = (date.today() + timedelta(days=90)).isoformat()
    assert api_update_action(partner, action, 1, deadline=later) == 403
    assert api_update_action(partner, action, 1) == 200
    note = {"text": "Eerste groep gestart.", "noted_on": "2024-03-01", "public": True}
    assert api_update_action(partner, action, 2, progress=50, note=note) == 200
    action.refresh_from_db()
    assert action.progress == 50
    assert action.notes.get().text == "Eerste groep gestart."


@pytest.mark.parametrize("path", ["page", "api"])
@pytest.mark.parametrize(
    "changes",
    [
        {"achieved": True, "achieved_on": "2024-05-01", "evidence": ""},
        {"achieved": True, "achieved_on": "2099-01-01", "evidence": "Verslag"},
        {"achieved": True, "achieved_on": "", "evidence": "Verslag"},
    ],
    ids=["without evidence", "in the future", "without a date"],
)
def test_a_result_keeps_the_same_rules_on_the_page_and_in_the_api(plan, path, changes):
    editor = people()["editor"]
    result = Result.objects.get()
    if path == "page":
        client = Client()
        client.force_login(editor)
        data = {**changes, "achieved": "on", "version": result.version}
        status = client.post(plan_url("web:result", result.pk), data).status_code
        assert status == 200
    else:
        data = {**changes, "version": result.version}
        if not data["achieved_on"]:
            del data["achieved_on"]
        response = _api(editor).patch(f"/api/v1/results/{result.pk}/", data, format="json")
        assert response.status_code == 400, response.content
    result.refresh_from_db()
    assert (result.achieved, result.version) == (False, 1)


# -- reports and imports ----------------------------------------------------------------------


def test_an_explanation_is_only_written_for_a_task_the_report_covers(plan):
    accounts = people()
    programme = Programme.objects.get()  # theme 3
    report = Report.objects.create(
        framework=programme.framework, programme=programme, reporting_date=date(2024, 6, 30)
    )
    client = Client()
    client.force_login(accounts["other-editor"])
    url = plan_url("reports:explain", report.pk, "4.1")
    assert (
        client.post(url, {f"task-{Task.objects.get(code='4.1').pk}-text": "x"}).status_code == 403
    )
    client.force_login(accounts["editor"])
    task = Task.objects.get(code="3.1")
    assert client.post(url.replace("4.1", "3.1"), {f"task-{task.pk}-text": "Goed op weg."})
    assert Explanation.objects.get(report=report).text == "Goed op weg."
    assert not Explanation.objects.filter(task__code="4.1").exists()


def test_a_programme_is_imported_only_by_an_editor_of_its_theme(plan):
    accounts = people()
    programme = copy.deepcopy(SMALL_DOCUMENT["frameworks"][0]["programmes"][0])
    programme["title"] = "Programma 2025"
    programme["budget_lines"] = []
    for ambition in programme["ambitions"]:
        for item in ambition["actions"] + ambition["results"]:
            item.setdefault("references", [])
    draft = Draft("programme", {"programmes": [programme]}, [], [])
    plan_ = plan_import(draft)
    with pytest.raises(PermissionDenied):
        import_plan(accounts["other-editor"], plan_, "test")
    assert not Programme.objects.filter(title="Programma 2025").exists()
    assert import_plan(accounts["editor"], plan_, "test") > 0
    assert Programme.objects.filter(title="Programma 2025").exists()


def test_an_administrators_save_in_the_admin_moves_the_version_on(plan):
    """An editor who opened the action before the administrator saved it is told."""
    from django.contrib.auth import get_user_model

    editor = people()["editor"]
    admin = get_user_model().objects.create_superuser("beheer", password="geheim-wachtwoord-1")
    action = Action.objects.get()
    client = Client()
    client.force_login(admin)
    url = reverse("admin:plans_action_change", args=[action.pk])
    form = client.get(url).context["adminform"].form
    data = {
        name: [getattr(v, "pk", v) for v in value]
        if isinstance(value, list)
        else getattr(value, "pk", value)
        for name, value in form.initial.items()
        if value is not None
    }
    data.update(
        progress="20",
        status="in_progress",
        ambition=action.ambition_id,
        **{f"notes-{k}": v for k, v in {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0}.items()},
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    action.refresh_from_db()
    assert (action.progress, action.version) == (20, 2)
    assert page_update_action(editor, action, 1, progress=60) != 302
    action.refresh_from_db()
    assert action.progress == 20


def test_after_a_conflict_the_form_carries_the_new_version(plan):
    """The editor reads the new values and saves again on purpose: that save goes through."""
    editor = people()["editor"]
    action = Action.objects.get()
    assert page_update_action(editor, action, 1, progress=30) == 302
    client = Client()
    client.force_login(editor)
    data = {
        "status": "in_progress",
        "progress": "60",
        "noted_on": "2024-02-01",
        "text": "Overleg gevoerd.",
        "version": 1,
    }
    refused = client.post(plan_url("web:action", action.pk), data)
    assert refused.status_code == 200
    assert "Iemand anders heeft dit onderdeel gewijzigd" in refused.content.decode()
    assert int(refused.context["form"]["version"].value()) == 2
    again = client.post(plan_url("web:action", action.pk), {**data, "version": 2})
    assert again.status_code == 302
    action.refresh_from_db()
    assert (action.progress, action.version) == (60, 3)
