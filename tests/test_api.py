"""The REST API: who may do what on every endpoint, bulk writes, the audit trail, open data,
the committed OpenAPI document, and queries that do not grow with the page size."""

import json
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from koers.api.models import OpenDataLicence
from koers.monitor.models import Indicator, Measurement
from koers.plans.models import Action, Framework

from helpers import user

pytestmark = pytest.mark.usefixtures("heerde")
OPENAPI = Path(__file__).resolve().parents[1] / "docs" / "openapi.yaml"

# Every list endpoint, with a detail address built from its first item.
LISTS = [
    "frameworks",
    "themes",
    "tasks",
    "ambitions",
    "indicators",
    "targets",
    "areas",
    "measurements",
    "programmes",
    "actions",
    "results",
    "budget-lines",
    "statuses",
    "reports",
]
DETAIL_KEY = {"areas": "code"}


def client_for(kind: str | None) -> APIClient:
    """anonymous, viewer, editor (of theme 3), other editor (of theme 6) or admin, by token."""
    client = APIClient(HTTP_HOST="localhost")
    if kind is None:
        return client
    if kind == "admin":
        account = user("beheer")
        account.is_superuser = account.is_staff = True
        account.save()
    elif kind == "viewer":
        account = user("raadslid", "viewer")
    else:
        account = user(kind, "editor", ["3"] if kind == "editor" else ["6"])
    token = Token.objects.create(user=account)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


ROLES = [None, "viewer", "editor", "other-editor", "admin"]


@pytest.mark.parametrize("role", ROLES)
def test_everyone_reads_every_endpoint(role):
    client = client_for(role)
    for name in LISTS:
        response = client.get(f"/api/v1/{name}/")
        assert response.status_code == 200, (name, response.content[:200])
        body = response.json()
        assert {"count", "results"} <= set(body), name
        if body["results"] and name != "statuses":
            key = DETAIL_KEY.get(name, "id")
            detail = client.get(f"/api/v1/{name}/{body['results'][0][key]}/")
            assert detail.status_code == 200, name


@pytest.mark.parametrize("role", ROLES)
def test_read_only_endpoints_refuse_writes(role):
    client = client_for(role)
    expected = 401 if role is None else 405
    for name in ["frameworks", "tasks", "indicators", "areas", "results", "budget-lines"]:
        assert client.post(f"/api/v1/{name}/", {}, format="json").status_code == expected, name


FIGURE = {"indicator": "3.1-eenzaamheid-65plus", "area": "GM0246", "period": "2024", "value": "38"}


@pytest.mark.parametrize(
    ("role", "status"),
    [(None, 401), ("viewer", 403), ("other-editor", 403), ("editor", 201), ("admin", 201)],
)
def test_entering_a_measurement_needs_the_role_for_its_theme(role, status):
    response = client_for(role).post("/api/v1/measurements/", FIGURE, format="json")
    assert response.status_code == status, response.content
    stored = Measurement.objects.filter(indicator__code=FIGURE["indicator"], period="2024")
    assert stored.exists() == (status == 201)


def test_every_write_is_in_the_audit_trail_with_its_user():
    client = client_for("editor")
    created = client.post("/api/v1/measurements/", FIGURE, format="json").json()
    url = f"/api/v1/measurements/{created['id']}/"
    etag = client.get(url)["ETag"]
    assert etag == '"1"' and created["version"] == 1
    changed = client.patch(url, {"value": "37.5"}, format="json", HTTP_IF_MATCH=etag)
    assert changed.status_code == 200 and changed.json()["value"] == "37.5000"
    assert changed["ETag"] == '"2"'
    records = Measurement.history.filter(id=created["id"]).order_by("history_id")
    assert [(r.history_type, r.history_user.username, str(r.value)) for r in records] == [
        ("+", "editor", "38.0000"),
        ("~", "editor", "37.5000"),
    ]
    assert client.delete(url).status_code == 428  # which version?
    assert client.delete(url, HTTP_IF_MATCH='"2"').status_code == 204
    assert Measurement.history.filter(id=created["id"], history_type="-").get().history_user


def test_a_second_figure_for_the_same_area_and_period_is_refused():
    client = client_for("editor")
    assert client.post("/api/v1/measurements/", FIGURE, format="json").status_code == 201
    again = client.post("/api/v1/measurements/", FIGURE, format="json")
    assert again.status_code == 400 and "period" in again.json()


def test_actions_are_updated_by_editors_of_their_theme_only():
    action = Action.objects.get(ambition__task__code="6.3", code="2.1")
    url = f"/api/v1/actions/{action.pk}/"
    update = {"status": "in_progress", "progress": 30, "version": action.version}
    assert client_for(None).patch(url, update, format="json").status_code == 401
    assert client_for("viewer").patch(url, update, format="json").status_code == 403
    assert client_for("editor").patch(url, update, format="json").status_code == 403  # theme 3
    assert client_for("other-editor").patch(url, update, format="json").status_code == 200
    action.refresh_from_db()
    assert (action.status, action.progress) == ("in_progress", 30)
    assert action.history.first().history_user.username == "other-editor"


def test_bulk_write_is_all_or_nothing_with_the_file_imports_messages():
    client = client_for("editor")
    rows = [
        {**FIGURE, "period": "2021", "value": "40"},
        {**FIGURE, "period": "2022", "value": "veertig"},
        {**FIGURE, "period": "20x3", "value": "41"},
    ]
    refused = client.post("/api/v1/measurements/bulk/", {"measurements": rows}, format="json")
    assert refused.status_code == 400
    errors = refused.json()["errors"]
    assert [(e["row"], e["field"]) for e in errors] == [(2, "value"), (3, "period")]
    mine = Measurement.objects.filter(indicator__code=FIGURE["indicator"])
    assert not mine.filter(period__in=["2021", "2022"]).exists()

    rows[1]["value"], rows[2]["period"] = "40,5", "2023"
    done = client.post("/api/v1/measurements/bulk/", {"measurements": rows}, format="json")
    assert done.status_code == 200, done.content
    assert done.json()["created"] == 3
    record = Measurement.history.filter(indicator__code=FIGURE["indicator"], period="2023").get()
    assert record.history_user.username == "editor"
    # A task of another theme in the batch: refused whole.
    other = {**FIGURE, "indicator": Indicator.objects.filter(task__code="6.1").first().code}
    refused = client.post("/api/v1/measurements/bulk/", {"measurements": [other]}, format="json")
    assert refused.status_code == 403


def test_tasks_by_their_code_and_filters():
    client = client_for(None)
    framework = Framework.objects.get().pk
    task = client.get(f"/api/v1/frameworks/{framework}/tasks/6.3").json()
    assert (task["code"], task["theme"]) == ("6.3", "6")
    figures = client.get("/api/v1/measurements/?task=3.1&area=GM0246&ordering=-period").json()
    periods = [m["period"] for m in figures["results"]]
    assert periods and periods == sorted(periods, reverse=True)
    assert {m["area"] for m in figures["results"]} == {"GM0246"}
    thin = client.get("/api/v1/statuses/?peildatum=2024-06-01&status=insufficient&kind=task")
    found = thin.json()
    assert found["count"] and {s["status"] for s in found["results"]} == {"insufficient"}
    assert {s["kind"] for s in found["results"]} == {"task"}


def test_unconfirmed_figures_stay_out_of_the_public_api():
    figure = Measurement.objects.first()
    figure.confirmed = False
    figure.save()
    public = client_for(None).get("/api/v1/measurements/?page_size=500").json()
    assert figure.pk not in {m["id"] for m in public["results"]}
    team = client_for("viewer").get("/api/v1/measurements/?page_size=500").json()
    assert figure.pk in {m["id"] for m in team["results"]}


def test_open_data_carries_the_chosen_licence():
    client = client_for(None)
    index = client.get("/api/v1/open-data/").json()
    assert index["licence"]["id"] == "CC0-1.0"
    assert {d["name"] for d in index["plans"][0]["datasets"]} == {
        "plan",
        "statuses",
        "measurements",
    }
    OpenDataLicence.objects.create(licence="CC-BY-4.0", attribution="Gemeente Heerde")
    csv = client.get("/api/v1/open-data/measurements.csv")
    assert csv["Link"] == '<https://creativecommons.org/licenses/by/4.0/>; rel="license"'
    header = csv.content.decode("utf-8-sig").splitlines()[0]
    assert header.startswith("task,indicator,indicator_name,area")
    document = client.get("/api/v1/open-data/plan.json").json()
    assert document["licence"]["attribution"] == "Gemeente Heerde"
    assert any(row["task"] == "6.3" for row in document["data"])


def test_queries_do_not_grow_with_the_page_size():
    client = client_for(None)
    call_command("load_demo", "--scale", "3", verbosity=0)
    for name in LISTS:
        client.get(f"/api/v1/{name}/")  # statuses are judged once, then kept
        counts = []
        for size in (5, 200):
            reset_queries()  # the log keeps 9,000 queries at most: start from empty
            with CaptureQueriesContext(connection) as queries:
                assert client.get(f"/api/v1/{name}/?page_size={size}").status_code == 200
            counts.append(len(queries))
        assert counts[0] == counts[1] and (counts[0] > 0 or name == "reports"), (name, counts)


def test_the_committed_openapi_document_is_current(tmp_path):
    fresh = tmp_path / "openapi.yaml"
    call_command("spectacular", "--lang", "nl", "--file", str(fresh), "--validate")
    assert yaml.safe_load(fresh.read_text()) == yaml.safe_load(OPENAPI.read_text()), (
        "docs/openapi.yaml is out of date: run `make openapi`"
    )
    schema = yaml.safe_load(OPENAPI.read_text())
    assert "/api/v1/frameworks/{framework_pk}/tasks/{code}/" in schema["paths"]
    assert "Lezen kan zonder in te loggen" in schema["info"]["description"]


def test_the_documentation_page_loads_nothing_from_outside():
    page = client_for(None).get("/api/v1/docs/").content.decode()
    assert "swagger-ui-bundle.js" in page and "http" not in page.replace("http-equiv", "")
    assert json.loads(client_for(None).get("/api/v1/schema/?format=json").content)["openapi"]


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("programme=0.5", 400),  # a number of an object is a whole number
        ("programme=999999", 200),  # one that names nothing: an empty list, not an error
        ("task=%00", 200),  # a NUL is a valid string; it matches nothing
        ("achieved=null", 400),
        ("achieved=true", 200),
        ("page=", 400),
        ("page_size=0", 400),
        ("page_size=501", 400),
        ("page_size=-1.1", 400),
    ],
)
def test_query_parameters_are_read_as_the_document_types_them(query, status):
    response = client_for(None).get(f"/api/v1/results/?{query}")
    assert response.status_code == status, response.content
    if status == 200 and "achieved" not in query:
        assert response.json()["count"] == 0


@pytest.mark.parametrize(
    "query", ["peildatum=", "peildatum=2024-13-01", "kind=ding", "status=", "framework=x"]
)
def test_a_wrong_status_query_is_refused(query):
    assert client_for(None).get(f"/api/v1/statuses/?{query}").status_code == 400


def test_json_bodies_take_json_types_only():
    client = client_for("editor")
    for replace in (0, "true", None):
        body = {"replace": replace, "measurements": []}
        assert client.post("/api/v1/measurements/bulk/", body, format="json").status_code == 400
    form = client.post("/api/v1/measurements/", FIGURE)  # a form, not JSON
    assert form.status_code == 415


def test_a_token_works_until_its_date_and_says_when_it_expired():
    from datetime import date, timedelta

    from koers.accounts.models import TokenLife

    client = client_for("editor")
    token = Token.objects.get(user__username="editor")
    assert client.post("/api/v1/measurements/", FIGURE, format="json").status_code == 201
    life = TokenLife.objects.get(token=token)
    assert life.expires_on == date.today() + timedelta(days=365)
    assert life.last_used_at is not None
    life.expires_on = date.today() - timedelta(days=1)
    life.save()
    refused = client.get("/api/v1/measurements/")
    assert refused.status_code == 401
    assert "verlopen" in refused.json()["detail"]
