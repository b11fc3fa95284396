"""Editing on the pages: roles, dated notes, evidence, conflicts, history and lock-out."""

import pytest
from django.urls import reverse

from koers.accounts.models import Role
from koers.monitor.models import Indicator, Measurement
from koers.plans.models import Action, ActionNote, Municipality, Result

from helpers import plan_url, user

pytestmark = pytest.mark.usefixtures("heerde")


@pytest.fixture
def action():
    return Action.objects.get(ambition__task__code="6.3", code="2.1")


@pytest.fixture
def editor(client):
    client.force_login(user("redacteur", "editor", ["6"]))
    return client


def update(client, action, **data):
    page = client.get(plan_url("web:action", action.pk))
    version = page.context["form"]["version"].value()
    payload = {
        "status": "in_progress",
        "progress": "40",
        "noted_on": "2024-02-01",
        "text": "Eerste bijeenkomst met de scholen gehouden.",
        "version": version,
        **data,
    }
    return client.post(plan_url("web:action", action.pk), payload)


def test_residents_read_but_cannot_edit(client, action):
    page = client.get(plan_url("web:action", action.pk))
    assert page.status_code == 200
    assert page.context["form"] is None
    assert update_forbidden(client, action)


def update_forbidden(client, action) -> bool:
    response = client.post(plan_url("web:action", action.pk), {"status": "done"})
    return response.status_code == 403


def test_viewers_and_editors_of_other_themes_cannot_edit(client, action):
    client.force_login(user("raadslid", "viewer"))
    assert update_forbidden(client, action)
    client.force_login(user("redacteur-3", "editor", ["3"]))
    assert update_forbidden(client, action)


def test_editor_updates_an_action_with_a_dated_note(editor, action):
    response = update(editor, action)
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.status, action.progress) == ("in_progress", 40)
    note = ActionNote.objects.get(action=action)
    assert (note.text, str(note.noted_on), note.author.username) == (
        "Eerste bijeenkomst met de scholen gehouden.",
        "2024-02-01",
        "redacteur",
    )
    html = editor.get(plan_url("web:action", action.pk), {"peildatum": "2024-03-01"})
    content = html.content.decode()
    assert "De actie is bijgewerkt." in content
    assert "volgens planning" in content  # the new status
    # The history says who changed what, old and new.
    assert "redacteur" in content
    assert "niet gestart → in uitvoering" in content


def test_validation_messages_stand_by_the_field_and_nothing_is_saved(editor, action):
    response = update(editor, action, status="done", progress="50")
    assert response.status_code == 200
    assert "Een afgeronde actie heeft voortgang 100%." in response.content.decode()
    action.refresh_from_db()
    assert action.status == "not_started"
    assert not ActionNote.objects.exists()


def test_a_second_editor_is_told_and_nothing_is_overwritten(editor, client, action):
    first = editor.get(plan_url("web:action", action.pk)).context["form"]["version"].value()
    assert update(editor, action).status_code == 302
    stale = {
        "status": "done",
        "progress": "100",
        "noted_on": "2024-02-02",
        "text": "Afgerond.",
        "version": first,
    }
    response = editor.post(plan_url("web:action", action.pk), stale)
    assert response.status_code == 200
    assert "Iemand anders heeft dit onderdeel gewijzigd" in response.content.decode()
    action.refresh_from_db()
    assert action.status == "in_progress"


def test_internal_notes_are_hidden_from_residents(editor, client, action):
    update(editor, action, text="Intern: budget nog onzeker.")
    page = editor.get(plan_url("web:action", action.pk))
    version = page.context["form"]["version"].value()
    editor.post(
        plan_url("web:action", action.pk),
        {
            "status": "in_progress",
            "progress": "50",
            "noted_on": "2024-03-01",
            "text": "Openbaar: de scholen doen mee.",
            "public": "on",
            "version": version,
        },
    )
    editor.logout()
    content = editor.get(plan_url("web:action", action.pk)).content.decode()
    assert "Openbaar: de scholen doen mee." in content
    assert "Intern: budget nog onzeker." not in content
    assert "Geschiedenis" not in content  # who changed what is for the team


def test_a_result_needs_evidence(editor):
    result = Result.objects.filter(ambition__task__code="6.3").first()
    url = plan_url("web:result", result.pk)
    version = editor.get(url).context["form"]["version"].value()
    response = editor.post(url, {"achieved": "on", "achieved_on": "2024-05-01", "version": version})
    assert "Een behaald resultaat heeft bewijs nodig." in response.content.decode()
    response = editor.post(
        url,
        {
            "achieved": "on",
            "achieved_on": "2024-05-01",
            "evidence": "https://heerde.nl/verslag-onderwijsdag",
            "version": version,
        },
    )
    assert response.status_code == 302
    page = editor.get(url, {"peildatum": "2024-06-01"}).content.decode()
    assert "behaald" in page and "verslag-onderwijsdag" in page


def test_editor_assesses_a_qualitative_indicator(editor):
    indicator = Indicator.objects.filter(task__theme__chapter="6", kind="qualitative").first()
    response = editor.post(
        plan_url("web:assess", indicator.code),
        {"assessed_on": "2024-04-01", "verdict": "at_risk", "text": "Weinig reacties."},
    )
    assert response.status_code == 302
    page = editor.get(plan_url("web:indicator", indicator.code), {"peildatum": "2024-05-01"})
    assert "Beoordeeld op 01-04-2024: risico. Weinig reacties." in page.content.decode()


def test_editor_enters_a_measurement(editor):
    indicator = Indicator.objects.get(code="6.3-bereik-vve-doelgroep")
    response = editor.post(
        plan_url("web:measure", indicator.code),
        {
            "area": indicator.measurements.first().area_id,
            "period": "2023",
            "value": "88",
            "status": "final",
        },
    )
    assert response.status_code == 302
    assert Measurement.objects.get(indicator=indicator, period="2023").value == 88
    # A second figure for the same area and period is not silently written over the first.
    again = {
        "area": indicator.measurements.first().area_id,
        "period": "2023",
        "value": "90",
        "status": "final",
    }
    response = editor.post(plan_url("web:measure", indicator.code), again)
    assert "Er staat al een cijfer voor dit gebied en deze periode" in response.content.decode()
    assert Measurement.objects.get(indicator=indicator, period="2023").value == 88
    editor.post(plan_url("web:measure", indicator.code), {**again, "replace": "on"})
    assert Measurement.objects.get(indicator=indicator, period="2023").value == 90
    bad = editor.post(
        plan_url("web:measure", indicator.code),
        {"area": indicator.measurements.first().area_id, "period": "2023-13", "value": "x"},
    )
    assert bad.status_code == 200
    assert "is geen periode" in bad.content.decode()


def test_login_locks_out_after_five_failures(client):
    user("inwoner")
    for _attempt in range(5):
        client.post(reverse("web:login"), {"username": "inwoner", "password": "fout"})
    response = client.post(
        reverse("web:login"), {"username": "inwoner", "password": "geheim-wachtwoord-1"}
    )
    assert "Te veel pogingen" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_with_the_right_password(client):
    user("medewerker", "editor")
    response = client.post(
        reverse("web:login"), {"username": "medewerker", "password": "geheim-wachtwoord-1"}
    )
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_content_security_policy_on_every_page(client):
    response = client.get(plan_url("web:overview"))
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy


def test_evidence_as_a_file(editor, client, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    result = Result.objects.filter(ambition__task__code="6.3").first()
    url = plan_url("web:result", result.pk)
    version = editor.get(url).context["form"]["version"].value()
    content = b"%PDF-1.4 verslag onderwijsdag"
    upload = SimpleUploadedFile("verslag.pdf", content, content_type="application/pdf")
    response = editor.post(
        url,
        {
            "achieved": "on",
            "achieved_on": "2024-05-01",
            "version": version,
            "evidence_file": upload,
        },
    )
    assert response.status_code == 302
    page = editor.get(url, {"peildatum": "2024-06-01"}).content.decode()
    assert "behaald" in page and "verslag.pdf" in page
    download = editor.get(plan_url("web:evidence", result.pk))
    assert b"".join(download.streaming_content) == content
    editor.logout()
    assert editor.get(plan_url("web:evidence", result.pk)).status_code == 403


def test_evidence_file_type_is_checked(editor):
    from django.core.files.uploadedfile import SimpleUploadedFile

    result = Result.objects.filter(ambition__task__code="6.3").first()
    url = plan_url("web:result", result.pk)
    version = editor.get(url).context["form"]["version"].value()
    upload = SimpleUploadedFile("script.exe", b"MZ", content_type="application/octet-stream")
    response = editor.post(
        url,
        {
            "achieved": "on",
            "achieved_on": "2024-05-01",
            "version": version,
            "evidence_file": upload,
        },
    )
    assert response.status_code == 200
    assert "exe" in response.content.decode()
    result.refresh_from_db()
    assert not result.achieved


@pytest.fixture
def partner_client(client):
    from koers.plans.models import Partner

    lucrato = Partner.objects.get(name="Lucrato")
    found = user("lucrato")
    Role.objects.create(
        user=found, kind="partner", partner=lucrato, municipality=Municipality.objects.get()
    )
    client.force_login(found)
    return client


def test_partner_updates_its_own_actions_only(partner_client):
    from koers.plans.models import Partner

    lucrato = Partner.objects.get(name="Lucrato")
    own = Action.objects.filter(partners=lucrato).first() or Action.objects.get(owner=lucrato)
    other = Action.objects.exclude(partners=lucrato).exclude(owner=lucrato).first()
    assert update(partner_client, own).status_code == 302
    assert update_forbidden(partner_client, other)


def test_partner_figures_wait_for_an_editor(partner_client, client):
    from koers.plans.models import Partner

    lucrato = Partner.objects.get(name="Lucrato")
    task = Action.objects.filter(partners=lucrato).first().ambition.task
    indicator = Indicator.objects.filter(task=task, role="monitor", kind="quantitative").first()
    area = Measurement.objects.filter(area__code="GM0246").first().area
    response = partner_client.post(
        plan_url("web:measure", indicator.code),
        {"area": area.pk, "period": "2023", "value": "77", "status": "final"},
    )
    assert response.status_code == 302
    figure = Measurement.objects.get(indicator=indicator, period="2023")
    assert not figure.confirmed
    url = plan_url("web:indicator", indicator.code)
    assert "nog niet bevestigd" in partner_client.get(url).content.decode()
    partner_client.logout()
    assert ">77<" not in client.get(url).content.decode()  # residents do not see it yet
    # An editor of the theme confirms it.
    client.force_login(user("redacteur-6", "editor", [task.theme.chapter]))
    client.post(plan_url("web:confirm", indicator.code, figure.pk))
    figure.refresh_from_db()
    assert figure.confirmed
    client.logout()
    assert "77" in client.get(url).content.decode()


def _spending_url(programme) -> str:
    return plan_url("web:spending", programme.pk) + "?peildatum=2024-06-01"


def test_an_editor_books_spending_on_the_programme_page(client):
    from koers.budgets.models import BudgetLine, Spending
    from koers.plans.models import Programme

    programme = Programme.objects.get()
    line = BudgetLine.objects.filter(programme=programme, amount_cents__gt=0).first()
    page = plan_url("web:programme", programme.pk) + "?peildatum=2024-06-01"
    assert "Besteding boeken" not in client.get(page).content.decode()  # residents: no form
    client.force_login(user("redacteur-geld", "editor", [line.task.theme.chapter]))
    assert "Besteding boeken" in client.get(page).content.decode()
    data = {"budget_line": line.pk, "spent_on": "2024-03-15", "amount": "1250,50"}
    response = client.post(_spending_url(programme), {**data, "description": "Drukwerk"})
    assert response.status_code == 302
    booked = Spending.objects.get(budget_line=line)
    assert (booked.amount_cents, booked.history.get().history_user.username) == (
        125050,
        "redacteur-geld",
    )
    html = client.get(page).content.decode()
    assert "€ 1.250,50" in html
    # A date in the future, and the same booking again: said by the field, nothing written.
    future = client.post(_spending_url(programme), {**data, "spent_on": "2099-01-01"})
    assert "toekomst" in future.content.decode()
    again = client.post(_spending_url(programme), {**data, "description": "Drukwerk"})
    assert "al een boeking" in again.content.decode()
    assert Spending.objects.count() == 1


def test_spending_is_for_editors_of_the_lines_theme(client):
    from koers.budgets.models import BudgetLine, Spending
    from koers.plans.models import Programme

    programme = Programme.objects.get()
    line = BudgetLine.objects.filter(programme=programme).first()
    data = {"budget_line": line.pk, "spent_on": "2024-03-15", "amount": "10"}
    client.force_login(user("redacteur-ander", "editor", ["3"]))  # not the programme's theme
    assert client.post(_spending_url(programme), data).status_code == 403
    client.force_login(user("partner-geld", "partner"))
    assert client.post(_spending_url(programme), data).status_code == 403
    assert not Spending.objects.exists()
