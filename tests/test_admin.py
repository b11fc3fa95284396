"""Every model is in the admin, in Dutch, with filters and search."""

import pytest
from django.contrib import admin
from django.urls import reverse

from koers.monitor.models import Assessment, Dimension, Indicator, Target, TargetValue
from koers.plans.models import Action, ActionNote, Contact, Framework, Municipality, Team
from koers.reminders.models import Digest
from koers.reports.models import Report, ReportingMoment

# Every model of Koers's own apps that the admin knows.
MODELS = sorted(
    (
        m
        for m in admin.site._registry
        if m._meta.app_label in {"plans", "monitor", "budgets", "reports", "reminders"}
    ),
    key=lambda m: m._meta.label,
)


def test_all_plan_models_are_in_the_admin():
    names = {m.__name__ for m in MODELS}
    assert {"Task", "Action", "Result", "Measurement", "TargetValue", "BudgetLine"} <= names
    assert "Assessment" in names


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_model_has_search_and_filters(model):
    model_admin = admin.site._registry[model]
    assert model_admin.search_fields
    if model is not Municipality:  # one municipality per installation: nothing to filter
        assert model_admin.list_filter


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_changelist_and_change_page_in_dutch(model, heerde, admin_client):
    opts = model._meta
    page = admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    assert page.status_code == 200
    assert page.headers["Content-Language"] == "nl"
    # Heerde states no yearly target values and has no assessments yet; make one to open.
    if model is TargetValue:
        TargetValue.objects.create(target=Target.objects.first(), year=2026, value=1)
    if model is ActionNote:
        ActionNote.objects.create(
            action=Action.objects.first(),
            noted_on="2024-01-01",
            text="x",
            status="done",
            progress=100,
        )
    if model is Assessment:
        Assessment.objects.create(
            indicator=Indicator.objects.filter(kind="qualitative").first(),
            assessed_on="2024-06-01",
            verdict="on_track",
        )
    if model is Dimension:
        Dimension.objects.create(code="geslacht", name="Geslacht", exhaustive=True)
    if model in (Contact, Team):
        model.objects.create(municipality=Municipality.objects.get(), name="Anna de Vries")
    if model is Report:
        Report.objects.create(
            framework=Framework.objects.get(), reporting_date="2026-06-30", title="Voortgang"
        )
    if model is ReportingMoment:
        ReportingMoment.objects.create(
            municipality=Municipality.objects.get(),
            kind="voorjaarsnota",
            title="Voorjaarsnota 2027",
            reporting_date="2027-03-31",
            deadline="2027-05-15",
        )
    if model is Digest:
        contact = Contact.objects.create(municipality=Municipality.objects.get(), name="Bert")
        Digest.objects.create(
            contact=contact, address="bert@heerde.nl", period="2026-W49", subject="s", items=1
        )
    obj = model.objects.first()
    assert obj is not None
    page = admin_client.get(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    )
    assert page.status_code == 200


def test_admin_index_speaks_dutch(admin_client, db):
    page = admin_client.get(reverse("admin:index")).content.decode()
    for label in ["Opgaves", "Metingen", "Middelen en capaciteit", "Uitvoeringsprogramma"]:
        assert label in page


def test_admin_index_in_english_on_request(admin_client, db):
    admin_client.post(reverse("set_language"), {"language": "en", "next": "/admin/"})
    page = admin_client.get(reverse("admin:index"))
    assert "Tasks" in page.content.decode()


def test_browser_language_does_not_turn_the_pages_english(admin_client, db):
    page = admin_client.get(reverse("admin:index"), headers={"accept-language": "en"})
    assert page.headers["Content-Language"] == "nl"
