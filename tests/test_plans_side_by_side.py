"""Many municipalities and plans side by side: addresses, roles, data and statuses per plan."""

import copy
from datetime import date
from decimal import Decimal

import pytest
from conftest import SMALL_DOCUMENT
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from koers.addresses import plan_reverse
from koers.imports.generate import generate_municipalities
from koers.imports.loader import load_document
from koers.monitor import services as monitor_services
from koers.monitor.models import Area, Indicator, Measurement
from koers.monitor.tree import forget_kept_plans, kept_plan, load_plan
from koers.plans.models import Action, Contact, Framework, Municipality, unique_slug
from koers.reports.models import Report, ReportingMoment
from koers.web.kept_pages import forget_kept_pages

from helpers import user

ON = date(2024, 6, 1)


def _plan_of(code: str, name: str, values: tuple[str, str]) -> dict:
    """The small plan for another municipality, with figures of its own."""
    document = copy.deepcopy(SMALL_DOCUMENT)
    document["municipalities"] = [{"cbs_code": code, "name": name}]
    document["areas"] = [
        {"code": code, "name": name, "kind": "municipality", "cbs_code": code,
         "municipality": code},
        {"code": "NL01", "name": "Nederland", "kind": "country", "cbs_code": "NL01"},
    ]  # fmt: skip
    framework = document["frameworks"][0]
    framework["municipality"] = code
    framework["title"] = f"Sociaal domein gemeente {name} 2022-2027"
    indicator = framework["themes"][0]["tasks"][0]["indicators"][0]
    indicator["measurements"] = [
        {"area": code, "period": "2021", "value": values[0]},
        {"area": code, "period": "2023", "value": values[1]},
    ]
    return document


@pytest.fixture
def two(db):
    """Heerde, where loneliness rose (33 -> 42), and Epe, where it fell (42 -> 30)."""
    load_document(_plan_of("GM0246", "Heerde", ("33", "42")), "heerde.json", "test")
    load_document(_plan_of("GM0232", "Epe", ("42", "30")), "epe.json", "test")
    heerde = Framework.objects.select_related("municipality").get(municipality__name="Heerde")
    epe = Framework.objects.select_related("municipality").get(municipality__name="Epe")
    return heerde, epe


def _action(framework: Framework) -> Action:
    return Action.objects.get(ambition__programme__framework=framework)


def test_each_plan_has_its_own_address(client, two):
    heerde, epe = two
    assert (heerde.municipality.slug, heerde.slug) == ("heerde", "sociaal-domein-2022-2027")
    home = client.get("/").content.decode()
    for framework in two:
        assert plan_reverse(framework, "web:overview") in home
        assert framework.municipality.name in home
    assert client.get("/epe/").url == plan_reverse(epe, "web:overview")

    pages = {f: client.get(plan_reverse(f, "web:task", "3.1"), {"peildatum": ON}) for f in two}
    assert "33%" in pages[heerde].content.decode() and "30%" not in pages[heerde].content.decode()
    assert "30%" in pages[epe].content.decode() and "33%" not in pages[epe].content.decode()
    statuses = {f: load_plan(f, ON).node.children[0].children[0].status.code for f in two}
    assert statuses == {heerde: "off_track", epe: "on_track"}

    # An item of one plan is not found under the address of another.
    epe_action = plan_reverse(heerde, "web:action", _action(epe).pk)
    assert client.get(epe_action).status_code == 404
    assert client.get("/nergens/sociaal-domein-2022-2027/").status_code == 404


def test_the_old_addresses_lead_to_the_first_municipality(client, two):
    heerde, epe = two
    old = client.get("/opgave/3.1/?peildatum=2024-01-01")
    assert old.status_code == 301
    assert old.url == plan_reverse(heerde, "web:task", "3.1") + "?peildatum=2024-01-01"
    # An item with a number belongs to one plan, whichever municipality.
    assert client.get(f"/actie/{_action(epe).pk}/").url == plan_reverse(
        epe, "web:action", _action(epe).pk
    )
    indicator = client.get("/indicator/3.1-eenzaamheid/")
    assert indicator.url == plan_reverse(heerde, "web:indicator", "3.1", "3.1-eenzaamheid")
    assert client.get("/rapportages/").url == plan_reverse(heerde, "reports:index")


def test_an_editor_of_one_municipality_cannot_touch_another(client, two):
    heerde, epe = two
    editor = user("redacteur", "editor", municipality=heerde.municipality)
    client.force_login(editor)
    change = {"status": "in_progress", "progress": "20", "text": "Gestart.",
              "noted_on": "2024-05-01", "version": "1"}  # fmt: skip
    mine = client.post(plan_reverse(heerde, "web:action", _action(heerde).pk), change)
    assert mine.status_code == 302
    theirs = client.post(plan_reverse(epe, "web:action", _action(epe).pk), change)
    assert theirs.status_code == 403
    assert _action(epe).status == "not_started"

    figure = {"area": Area.objects.get(code="GM0232").pk, "period": "2022", "value": "31"}
    url = plan_reverse(epe, "web:measure", "3.1", "3.1-eenzaamheid")
    assert client.post(url, figure).status_code == 403

    api = APIClient(HTTP_HOST="localhost")
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=editor).key}")
    action = _action(epe)
    refused = api.patch(
        f"/api/v1/actions/{action.pk}/", {"progress": 50}, format="json",
        HTTP_IF_MATCH=f'"{action.version}"',
    )  # fmt: skip
    assert refused.status_code == 403
    indicator = Indicator.objects.get(task__framework=epe)
    figure = {"indicator": indicator.code, "area": "GM0232", "period": "2022", "value": "31"}
    ambiguous = api.post("/api/v1/measurements/", figure, format="json")
    assert ambiguous.status_code == 400
    assert "gemeenten" in ambiguous.json()["indicator"][0]
    written = api.post("/api/v1/measurements/", {**figure, "municipality": "GM0232"}, format="json")
    assert written.status_code == 403
    assert not Measurement.objects.filter(period="2022").exists()

    # Reports: a draft of Heerde, but no draft of Epe, and Epe's report not under Heerde.
    draft = client.post(
        plan_reverse(heerde, "reports:new"),
        {"subject": f"framework-{heerde.pk}", "reporting_date": "2024-06-01"},
    )
    assert draft.status_code == 302
    refused = client.post(
        plan_reverse(epe, "reports:new"),
        {"subject": f"framework-{epe.pk}", "reporting_date": "2024-06-01"},
    )
    assert refused.status_code == 403
    report = Report.objects.create(framework=epe, reporting_date=ON, title="Epe")
    assert client.get(plan_reverse(heerde, "reports:detail", report.pk)).status_code == 404


def test_team_members_read_the_unconfirmed_figures_of_their_own_municipality_only(two):
    heerde, _epe = two
    for framework in two:
        indicator = Indicator.objects.get(task__framework=framework)
        area = Area.objects.get(code=framework.municipality.cbs_code)
        Measurement.objects.create(
            indicator=indicator, area=area, period="2022", value=1, confirmed=False
        )
    viewer = user("raadslid", "viewer", municipality=heerde.municipality)
    api = APIClient(HTTP_HOST="localhost")
    api.force_authenticate(viewer)
    rows = api.get("/api/v1/measurements/", {"period": "2022"}).json()["results"]
    assert [row["area"] for row in rows] == ["GM0246"]


def test_the_statuses_api_names_its_plan(two):
    heerde, epe = two
    api = APIClient(HTTP_HOST="localhost")
    unnamed = api.get("/api/v1/statuses/", {"peildatum": ON})
    assert unnamed.status_code == 400
    assert "framework" in unnamed.json()
    rows = api.get("/api/v1/statuses/", {"peildatum": ON, "municipality": "GM0232"}).json()
    kinds = {row["kind"]: row["status"] for row in rows["results"]}
    assert kinds["task"] == "on_track"
    by_number = api.get("/api/v1/statuses/", {"peildatum": ON, "framework": heerde.pk}).json()
    assert {r["kind"]: r["status"] for r in by_number["results"]}["task"] == "off_track"

    listed = api.get("/api/v1/tasks/", {"municipality": "GM0232"}).json()["results"]
    assert [task["framework"] for task in listed] == [epe.pk]


def test_open_data_per_plan(client, two):
    _heerde, _epe = two
    index = client.get("/api/v1/open-data/", HTTP_HOST="localhost").json()
    assert {plan["municipality"] for plan in index["plans"]} == {"GM0246", "GM0232"}
    assert client.get("/api/v1/open-data/plan.csv", HTTP_HOST="localhost").status_code == 400
    figures = client.get(
        "/api/v1/open-data/measurements.json", {"municipality": "GM0232"}, HTTP_HOST="localhost"
    ).json()["data"]
    assert {row["area"] for row in figures} == {"GM0232"}


def test_a_write_through_a_service_moves_the_plan_on(two):
    """Statuses are kept per data version: a new figure is seen at once, in its plan only."""
    heerde, epe = two
    before = {f.pk: f.data_version for f in Framework.objects.all()}
    assert load_plan(heerde, ON).node.status.code == "off_track"
    figure = monitor_services.Figure(
        indicator=Indicator.objects.get(task__framework=heerde),
        area=Area.objects.get(code="GM0246"),
        period="2023",
        value=Decimal("20"),
    )
    monitor_services.record_measurement(None, figure, replace=True)
    after = {f.pk: f.data_version for f in Framework.objects.all()}
    assert after[heerde.pk] > before[heerde.pk]
    assert after[epe.pk] == before[epe.pk]
    heerde.refresh_from_db()
    assert load_plan(heerde, ON).node.status.code == "on_track"  # 42 -> 20: falling again


def test_kept_statuses_are_used(two, monkeypatch):
    heerde, _epe = two
    first = load_plan(heerde, ON)
    calls = []
    from koers.monitor import tree

    monkeypatch.setattr(tree, "indicator_status", lambda *a: calls.append(a))
    again = load_plan(heerde, ON)
    assert calls == []  # nothing judged again
    assert again.status == first.status
    heerde.refresh_from_db()
    Action.objects.filter(pk=_action(heerde).pk).update(status="done")  # no signal: no move
    assert load_plan(heerde, ON).status == first.status


def _queries(client, url: str) -> int:
    """The queries of a request that reads its plan (none kept from an earlier request)."""
    forget_kept_plans()
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, {"peildatum": ON}).status_code == 200
    return len(queries)


def test_pages_read_the_same_queries_whatever_the_number_of_plans(client, db):
    load_document(_plan_of("GM0246", "Heerde", ("33", "42")), "heerde.json", "test")
    heerde = Framework.objects.select_related("municipality").get()
    pages = ["web:overview", "web:task", "web:indicator", "web:responsibility", "reports:index"]
    args = {"web:task": ["3.1"], "web:indicator": ["3.1", "3.1-eenzaamheid"]}
    editor = user("redacteur", "editor")
    Contact.objects.create(municipality=heerde.municipality, name="Anna", user=editor)
    ReportingMoment.objects.create(
        municipality=heerde.municipality, kind="voorjaarsnota", title="Voorjaarsnota 2025",
        reporting_date=date(2025, 3, 31), deadline=date(2025, 5, 15),
    )  # fmt: skip
    client.force_login(editor)

    def counts() -> list[int]:
        plan_pages = [_queries(client, plan_reverse(heerde, n, *args.get(n, []))) for n in pages]
        return [*plan_pages, _queries(client, reverse("web:my_actions"))]

    alone = counts()
    _queries(client, reverse("web:home"))  # the plans' statuses judged once, then kept
    home = _queries(client, reverse("web:home"))
    for number in range(1, 6):
        code = f"GM{number:04d}"
        load_document(_plan_of(code, f"Gemeente {number}", ("1", "2")), f"{code}.json", "test")
    assert counts() == alone
    _queries(client, reverse("web:home"))
    assert _queries(client, reverse("web:home")) == home


def test_addresses_avoid_the_names_koers_uses():
    assert unique_slug("Rapportages", set(), "x") == "rapportages-2"
    assert unique_slug("Heerde", {"heerde"}, "x") == "heerde-2"
    assert unique_slug("!!!", set(), "gm0246") == "gm0246"


def test_a_new_municipality_from_a_document_gets_an_address(db):
    load_document(_plan_of("GM0363", "Amsterdam", ("1", "2")), "a.json", "test")
    assert Municipality.objects.get().slug == "amsterdam"


def test_generated_municipalities_each_have_a_whole_plan(client, db):
    load_document(_plan_of("GM0246", "Heerde", ("33", "42")), "heerde.json", "test")
    assert generate_municipalities(4) == 3
    assert generate_municipalities(4) == 0  # there are four already
    generated = Framework.objects.exclude(municipality__cbs_code="GM0246").select_related(
        "municipality"
    )
    assert [f.municipality.cbs_code for f in generated.order_by("pk")] == [
        "GM0001", "GM0002", "GM0003",
    ]  # fmt: skip
    framework = generated.order_by("pk")[0]
    assert framework.title == "Sociaal domein gemeente Gemeente GM0001 2022-2027"
    action = Action.objects.get(ambition__programme__framework=framework)
    assert [t.framework_id for t in action.references.all()] == [framework.pk]
    figures = Measurement.objects.filter(indicator__task__framework=framework)
    assert figures.count() == 10 * 3  # ten years for the municipality, its region, the country
    assert {m.area.kind for m in figures} == {"municipality", "ggd_region", "country"}
    page = client.get(plan_reverse(framework, "web:task", "3.1"))
    assert page.status_code == 200


def test_a_programme_of_an_earlier_period_is_read_as_it_ended(client, two):
    heerde, _epe = two
    programme = heerde.programmes.get()
    url = plan_reverse(heerde, "web:programme", programme.pk)
    assert client.get(url).url == f"{url}?peildatum=2024-12-31"
    page = client.get(url, {"peildatum": "2024-12-31"}).content.decode()
    assert "zoals het er op 31-12-2024 voor stond" in page


def _limited_admin(municipality: Municipality):
    """Staff with every model permission, limited by a role to one municipality."""
    from django.contrib.auth.models import Permission

    found = user("beheer-" + municipality.slug, "editor", municipality=municipality)
    found.is_staff = True
    found.save()
    found.user_permissions.set(Permission.objects.all())
    return found


def test_an_administrator_limited_to_one_municipality(two, client):
    heerde, epe = two
    client.force_login(_limited_admin(heerde.municipality))
    listing = client.get(reverse("admin:plans_task_changelist")).content.decode()
    heerde_task = heerde.tasks.first()
    epe_task = epe.tasks.first()
    assert f"/admin/plans/task/{heerde_task.pk}/change/" in listing
    assert f"/admin/plans/task/{epe_task.pk}/change/" not in listing
    # Another municipality's objects are not there, whatever the address.
    for name, obj in [
        ("plans_task", epe_task),
        ("plans_framework", epe),
        ("plans_municipality", epe.municipality),
        ("monitor_measurement", Measurement.objects.filter(indicator__task=epe_task).first()),
        ("plans_action", _action(epe)),
    ]:
        page = client.get(reverse(f"admin:{name}_change", args=[obj.pk]))
        assert page.status_code == 302, name  # "does not exist": back to the index
        deleted = client.post(reverse(f"admin:{name}_delete", args=[obj.pk]), {"post": "yes"})
        assert deleted.status_code in (302, 403), name
        assert type(obj).objects.filter(pk=obj.pk).exists(), name
    form = client.get(reverse("admin:plans_task_change", args=[heerde_task.pk])).content.decode()
    # Choices offer its own plan only: a task cannot be moved into one of Epe's themes.
    form = form.split('name="theme"')[1].split("</select>")[0]
    assert f'value="{heerde_task.theme_id}"' in form
    assert not any(f'value="{pk}"' in form for pk in epe.themes.values_list("pk", flat=True))
    # Lists every plan shares are read-only; no new municipality.
    area = Area.objects.get(code="NL01")
    page = client.post(
        reverse("admin:monitor_area_change", args=[area.pk]),
        {"code": "NL01", "name": "Veranderd", "kind": "country", "cbs_code": "NL01"},
    )
    assert page.status_code == 403
    assert Area.objects.get(pk=area.pk).name == "Nederland"
    assert client.get(reverse("admin:plans_municipality_add")).status_code == 403
    # API tokens: those of its own users only.
    epe_token = Token.objects.create(user=user("epe-api", "editor", municipality=epe.municipality))
    tokens = client.get(reverse("admin:authtoken_tokenproxy_changelist")).content.decode()
    assert epe_token.key not in tokens and "epe-api" not in tokens
    # A superuser still sees everything.
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.create_superuser("root", password="x"))
    listing = client.get(reverse("admin:plans_task_changelist") + "?all=").content.decode()
    assert f"/admin/plans/task/{epe_task.pk}/change/" in listing


def test_a_national_figure_goes_to_every_plan_with_the_indicator(two, tmp_path):
    """One file for many municipalities: their own rows name them; a row for the
    Netherlands that names none is the benchmark of every plan its writer keeps."""
    from koers.imports.measurements import ImportFailed, import_file

    heerde, _epe = two
    path = tmp_path / "landelijk.csv"
    path.write_text(
        "gemeente;indicator;gebied;periode;waarde\n"
        "GM0246;3.1-eenzaamheid;GM0246;2022;40\n"
        "GM0232;3.1-eenzaamheid;GM0232;2022;31\n"
        ";3.1-eenzaamheid;NL01;2022;36\n",
        encoding="utf-8",
    )
    report = import_file(path)
    assert (report.rows, report.created) == (3, 4)
    national = Measurement.objects.filter(area__code="NL01", period="2022")
    assert sorted(
        national.values_list("indicator__task__framework__municipality__name", flat=True)
    ) == ["Epe", "Heerde"]
    # An editor of Heerde writes the national figure into Heerde's plan only.
    Measurement.objects.filter(period="2022").delete()
    editor = user("heerde-cijfers", "editor")
    path.write_text(
        "indicator;gebied;periode;waarde\n3.1-eenzaamheid;NL01;2022;36\n", encoding="utf-8"
    )
    assert import_file(path, user=editor).created == 1
    assert national.get().indicator.task.framework == heerde
    # A municipality's own area still needs its municipality named.
    path.write_text(
        "indicator;gebied;periode;waarde\n3.1-eenzaamheid;GM0232;2022;30\n", encoding="utf-8"
    )
    with pytest.raises(ImportFailed, match="meer gemeenten hebben een indicator"):
        import_file(path)


def _drawn(plan) -> list:
    from koers.monitor.charts import plan_chart

    indicator = plan.tasks[0].indicators.all()[0]
    spec = plan_chart(indicator, plan)["spec"]
    layers = [spec, *spec["layer"]]  # altair lifts data the layers share to the top
    rows = [row for layer in layers for row in layer.get("data", {}).get("values", [])]
    return sorted(row["waarde"] for row in rows if "periode" in row)


def test_kept_charts_follow_each_write_and_each_reader(two, monkeypatch):
    """Charts are kept per data version and per kind of reader: a new figure is drawn at
    once, and one waiting for confirmation never in the chart residents see."""
    from koers.monitor import charts

    heerde, _epe = two
    built = []
    build = charts.indicator_spec
    monkeypatch.setattr(charts, "indicator_spec", lambda *a: built.append(a) or build(*a))
    assert _drawn(load_plan(heerde, ON, confirmed_only=True)) == [33, 42]
    assert _drawn(load_plan(heerde, ON, confirmed_only=True)) == [33, 42]
    assert len(built) == 1  # the second time kept
    Measurement.objects.create(
        indicator=Indicator.objects.get(task__framework=heerde),
        area=Area.objects.get(code="GM0246"),
        period="2024",
        value=Decimal("55"),
        confirmed=False,
    )
    heerde.refresh_from_db()
    assert _drawn(load_plan(heerde, ON, confirmed_only=True)) == [33, 42]
    assert _drawn(load_plan(heerde, ON)) == [33, 42, 55]


def test_pages_that_only_read_share_the_plan_kept_until_the_next_write(client, two):
    """A GET reads no plan when this process keeps it; a write moves the plan's data version
    on, so the next GET reads it again and shows the write; a form sent reads its own."""
    heerde, _epe = two
    address = plan_reverse(heerde, "web:task", "3.1")
    forget_kept_plans()
    reset_queries()
    with CaptureQueriesContext(connection) as first:
        assert client.get(address).status_code == 200
    forget_kept_pages()  # the page itself is kept too (tests/test_kept_pages.py)
    with CaptureQueriesContext(connection) as again:
        page = client.get(address)
    assert len(again) < len(first) - 10  # the plan's queries are not sent again
    assert page.context["plan"] is kept_plan(heerde, date.today(), confirmed_only=True)
    assert "42" in page.content.decode()
    monitor_services.record_measurement(
        None,
        monitor_services.Figure(
            indicator=Indicator.objects.get(task__framework=heerde),
            area=Area.objects.get(code="GM0246"),
            period="2023",
            value=Decimal("20"),
        ),
        replace=True,
    )
    with CaptureQueriesContext(connection) as after:
        page = client.get(address)
    assert len(after) == len(first)
    assert page.context["plan"].tasks[0].indicators.all()[0].measurements.all()[1].value == 20


def test_a_form_sent_reads_a_plan_of_its_own(rf, two):
    from django.contrib.auth.models import AnonymousUser

    from koers.web.plans import page_plan

    def request(method: str):
        made = getattr(rf, method)("/")
        made.user = AnonymousUser()
        return made

    heerde, _epe = two
    read = page_plan(request("get"), heerde, ON)
    read.tasks[0].indicators.all()[0].name = "changed by a page that only reads"
    assert page_plan(request("head"), heerde, ON) is read  # kept, with what a reader did
    sent = page_plan(request("post"), heerde, ON)
    assert sent is not read
    assert sent.tasks[0].indicators.all()[0].name == "Eenzaamheid"


def test_a_process_keeps_a_bounded_number_of_plans(two, settings):
    heerde, epe = two
    settings.KOERS_KEPT_PLANS = 2
    forget_kept_plans()
    first = kept_plan(heerde, ON)
    epe_first = kept_plan(epe, ON)
    assert kept_plan(heerde, ON) is first
    kept_plan(heerde, date(2025, 1, 1))  # the least recently used, Epe's, goes
    assert kept_plan(heerde, ON) is first
    assert kept_plan(epe, ON) is not epe_first
    settings.KOERS_KEPT_PLANS = 0
    assert kept_plan(heerde, ON) is not kept_plan(heerde, ON)


def test_a_code_in_several_frameworks_of_one_municipality_goes_to_the_current_one(two, tmp_path):
    """An earlier framework of Heerde uses the same indicator codes: a figure that names
    only the code goes to the framework running now, through the import and the API."""
    from koers.imports.measurements import import_file

    heerde, _epe = two
    earlier = _plan_of("GM0246", "Heerde", ("20", "21"))
    framework = earlier["frameworks"][0]
    framework["themes"][0]["tasks"][0]["indicators"][0]["measurements"][1]["period"] = "2020"
    framework.update(
        title="Sociaal domein gemeente Heerde 2016-2021", start_year=2016, end_year=2021
    )
    load_document(earlier, "heerde-2016.json", "test")
    assert Framework.objects.filter(municipality=heerde.municipality).count() == 2
    path = tmp_path / "metingen.csv"
    path.write_text(
        "gemeente;indicator;gebied;periode;waarde\nGM0246;3.1-eenzaamheid;GM0246;2024;38\n",
        encoding="utf-8",
    )
    assert import_file(path).created == 1
    stored = Measurement.objects.get(period="2024", area__code="GM0246")
    assert stored.indicator.task.framework == heerde
    api = APIClient(HTTP_HOST="localhost")
    api.force_authenticate(user("heerde-api", "editor", municipality=heerde.municipality))
    figure = {"municipality": "GM0246", "indicator": "3.1-eenzaamheid", "area": "GM0246"}
    figure.update(period="2025", value="37")
    response = api.post("/api/v1/measurements/", figure, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["framework"] == heerde.pk


def test_the_landing_page_keeps_each_plans_status_apart_from_its_trees(client, two, monkeypatch):
    """The landing page shows one status per plan: once kept, it is read without the plan's
    trees (unpickling 24 of them took 12 ms a page at 342 municipalities)."""
    from koers.monitor import tree

    heerde, _epe = two
    assert client.get("/").status_code == 200  # the statuses judged and kept
    monkeypatch.setattr(tree, "cached_trees", lambda *args: pytest.fail("a tree was read"))
    assert client.get("/").status_code == 200
    today = date.today()
    assert tree.plan_status(heerde, today, True) == load_plan(heerde, today, True).node.status
