"""Importing a document on the pages: upload, review beside the text, correct, save."""

from pathlib import Path

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from koers.operations.models import Job
from koers.plans.models import Framework, Municipality, Task

from helpers import plan_url, run_jobs, user

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
FRAMEWORK = SEEDS / "000_7003adf1e14434c8.txt"


def upload(client, path: Path, **extra):
    """Upload, let the worker read it, and follow the job's page to its result: the answer
    that leads to the review (or the upload page again, with the form's errors)."""
    document = SimpleUploadedFile(path.name, path.read_bytes(), content_type="text/plain")
    sent = client.post(reverse("web:document_upload"), {"file": document, "kind": "auto", **extra})
    if sent.status_code != 302:
        return sent
    assert sent.url.startswith("/taken/")
    run_jobs()
    job = Job.objects.get(pk=sent.url.split("/")[2])
    assert job.state == Job.State.DONE, job.error
    assert job.result_url in client.get(sent.url).content.decode()
    return client.get(job.result_url)


def test_a_document_is_read_by_the_worker_and_its_upload_removed(client, db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(_editor_of_heerde())
    sent = client.post(
        reverse("web:document_upload"),
        {"file": SimpleUploadedFile("kader.txt", FRAMEWORK.read_bytes()), "kind": "auto"},
    )
    job = Job.objects.get(pk=sent.url.split("/")[2])
    assert job.state == Job.State.QUEUED and "Niets" not in client.get(sent.url).content.decode()
    assert [p.name for p in (tmp_path / "uploads").iterdir()] == ["kader.txt"]
    run_jobs()
    assert list((tmp_path / "uploads").iterdir()) == []
    # Only the editor who uploaded it takes the draft.
    other = user("ander", "editor", municipality=Municipality.objects.get())
    client.force_login(other)
    taken = client.get(Job.objects.get(pk=job.pk).result_url, follow=True)
    assert taken.redirect_chain[-1][0] == reverse("web:document_upload")
    assert Job.objects.filter(pk=job.pk).exists()  # still there for the editor who uploaded it


@pytest.mark.django_db
def test_only_editors_import(client):
    assert client.get(reverse("web:document_upload")).status_code == 403
    client.force_login(user("raadslid", "viewer"))
    assert client.get(reverse("web:document_upload")).status_code == 403
    assert client.post(reverse("web:document_review"), {"save": "1"}).status_code == 403


def _editor_of_heerde():
    """An editor of Heerde, whose framework is not in Koers yet."""
    heerde = Municipality.objects.create(cbs_code="GM0246", name="Heerde")
    return user("beleid", "editor", municipality=heerde)


def as_sent(review, **changed) -> dict:
    """What a browser sends from the review form as the page shows it, with the fields in
    `changed` (by their name on the form) filled in otherwise."""
    form = review.context["form"]
    data = {}
    for name, field in form.fields.items():
        value = changed.get(name, form[name].value())
        if isinstance(field, forms.BooleanField):
            if value:
                data[name] = "on"
        else:
            data[name] = "" if value is None else value
    return data


def number_of(review, model: str, **data) -> int:
    """The place on the review form of the first item of `model` with these values."""
    items = review.context["form"].items
    return next(
        n
        for n, item in enumerate(items)
        if item.model == model and all(item.data.get(k) == v for k, v in data.items())
    )


def fieldset(page: str, anchor: str) -> str:
    start = page.index(f'id="{anchor}"')
    return page[start : page.index("</fieldset>", start)]


@pytest.mark.django_db
def test_upload_review_correct_and_save(client):
    client.force_login(_editor_of_heerde())
    response = upload(client, FRAMEWORK, municipality="GM0246")
    assert response.url == reverse("web:document_review")
    review = client.get(response.url)
    page = review.content.decode()
    assert 'id="regel-465"' in page  # the source text, line by line, to jump to
    assert "33" in page and "Waar staan we?" in page  # candidate figures
    assert "Hoofdstuk 2" in page  # a doubt about no item, with a link to its line
    assert "---------" not in page  # choices are the model's, without an empty one
    # Task 3.1 as fields, linked to its heading in the text and back.
    task = number_of(review, "plans.Task", code="3.1")
    assert (
        review.context["form"][f"{task}-title"].value() == "Verminderen van eenzaamheid bij ouderen"
    )
    assert 'href="#regel-465"' in fieldset(page, f"onderdeel-{task}")
    line = page[page.index('id="regel-465"') :]
    assert line[: line.index("</li>")].count(f'href="#onderdeel-{task}"') == 1
    # A doubt stands beside the indicator it is about.
    vague = number_of(
        review,
        "monitor.Indicator",
        name=next(
            i.data["name"]
            for i in review.context["form"].items
            if i.model == "monitor.Indicator" and i.data["code"].startswith("4.2-")
        ),
    )
    assert "geen berekenbaar doel" in fieldset(page, f"onderdeel-{vague}")

    # The editor corrects a title as the council's version has it, rewrites an indicator's
    # sentence (its target is read again from it) and leaves out one indicator.
    indicators = [
        n
        for n, i in enumerate(review.context["form"].items)
        if i.model == "monitor.Indicator" and i.data["code"].startswith("3.1-")
    ]
    first = indicators[0]
    sent = as_sent(
        review,
        **{
            f"{task}-title": "Eenzaamheid bij ouderen verminderen",
            f"{first}-sentence": "Het percentage eenzame 65-plussers is in 2027 maximaal 30%.",
        },
    )
    checked = client.post(reverse("web:document_review"), {**sent, "check": "1"})
    assert checked.url == reverse("web:document_review") and not Framework.objects.exists()
    review = client.get(checked.url)
    assert review.context["form"][f"{task}-title"].value() == "Eenzaamheid bij ouderen verminderen"
    count = len(indicators)
    extra = 0
    if count == 1:  # one indicator: leave out an ambition of the task instead
        left = number_of(review, "plans.Ambition")
        extra = 1
    else:
        left = indicators[1]
    sent = as_sent(review, **{f"{left}-leave_out": True})
    saved = client.post(reverse("web:document_review"), {**sent, "save": "1"})
    assert saved.url == plan_url("web:overview")
    stored = Task.objects.get(code="3.1")
    assert stored.title == "Eenzaamheid bij ouderen verminderen"
    assert Task.objects.count() == 22
    assert Task.history.filter(history_user__username="beleid").exists()
    assert stored.indicators.count() == count - 1 + extra
    target = stored.indicators.get(sentence__startswith="Het percentage eenzame").targets.get()
    assert (target.kind, target.value) == ("maximum", 30)

    # The same document again: nothing new, the page says so and saving is off.
    again = client.get(upload(client, FRAMEWORK, municipality="GM0246").url).content.decode()
    assert "Niets nieuws: Koers bevat alles uit dit document al." in again
    button = again[again.index('name="save"') :]
    assert " disabled " in button[: button.index(">")]


@pytest.mark.django_db
def test_wrong_corrections_are_named_and_change_nothing(client, tmp_path):
    client.force_login(_editor_of_heerde())
    word = tmp_path / "plan.docx"
    word.write_bytes(b"PK\x03\x04")
    refused = upload(client, word)
    assert refused.status_code == 200 and ".txt en .pdf" in refused.content.decode()
    review = client.get(upload(client, FRAMEWORK, municipality="GM0246").url)
    plan = number_of(review, "plans.Framework")
    task = number_of(review, "plans.Task", code="3.1")
    sent = as_sent(review, **{f"{plan}-start_year": "tweeduizend", f"{task}-title": "Andere titel"})
    wrong = client.post(reverse("web:document_review"), {**sent, "save": "1"})
    page = wrong.content.decode()
    assert wrong.status_code == 200
    assert "Er is niets veranderd" in page and "Kaderdocument, eerste jaar" in page
    assert f'href="#id_{plan}-start_year"' in page
    assert not Framework.objects.exists()
    again = client.get(reverse("web:document_review"))
    assert again.context["form"][f"{task}-title"].value() != "Andere titel"


def _save(client, code: str):
    """Upload the kaderdocument for the municipality with this code and save the draft."""
    review = client.get(upload(client, FRAMEWORK, municipality=code).url)
    return client.post(reverse("web:document_review"), {**as_sent(review), "save": "1"})


@pytest.mark.django_db
def test_a_framework_is_imported_by_an_editor_of_its_own_municipality(client, admin_user):
    Municipality.objects.create(cbs_code="GM0246", name="Heerde")
    epe = Municipality.objects.create(cbs_code="GM0232", name="Epe")
    client.force_login(user("epe", "editor", municipality=epe))
    refused = _save(client, "GM0246")
    assert "Alleen een redacteur van alle thema" in refused.content.decode()
    assert "Heerde" in refused.content.decode()
    # Nor a municipality Koers does not hold yet: that is an administrator's.
    assert "Alleen een beheerder" in _save(client, "GM0200").content.decode()
    assert not Framework.objects.exists()

    client.force_login(admin_user)
    assert _save(client, "GM0200").status_code == 302
    assert Framework.objects.get().municipality.cbs_code == "GM0200"


@pytest.mark.django_db
def test_a_programme_budget_is_reviewed_and_saved_with_its_programmes(client):
    budget = Path(__file__).parent / "data" / "budgets" / "begroting-oostermeer-2025.txt"
    oostermeer = Municipality.objects.create(cbs_code="GM9901", name="Oostermeer")
    client.force_login(user("beleid", "editor", municipality=oostermeer))
    review = client.get(upload(client, budget).url)
    page = review.content.decode()
    assert "als programmabegroting" in page
    action = number_of(
        review, "plans.Action", code="1.1", text="Wijkteams werken vanuit de buurthuizen"
    )
    assert "vanaf 1 maart 2025" in fieldset(page, f"onderdeel-{action}")
    saved = client.post(reverse("web:document_review"), {**as_sent(review), "save": "1"})
    assert saved.status_code == 302
    framework = Framework.objects.get()
    assert framework.title == "Programmabegroting 2025 gemeente Oostermeer"
    assert list(framework.themes.values_list("chapter", "title")) == [
        ("3", "Zorg en welzijn"),
        ("4", "Werk en inkomen"),
    ]
    programme = framework.programmes.get(theme__chapter="3")
    stored = programme.ambitions.get(number="1").actions.get(code="1.1")
    assert stored.explanation.startswith("De wijkteams zijn vanaf 1 maart 2025")
    assert [p.name for p in stored.partners.all()] == ["Welzijn Oostermeer"]
    assert str(stored.deadline) == "2025-12-31"
    indicator = Task.objects.get(code="3.1").indicators.get(name__startswith="Inwoners die zich")
    target = indicator.targets.get()
    assert target.kind == "yearly" and target.baseline_value == 72
    assert [(v.year, v.value) for v in target.values.order_by("year")] == [
        (2025, 74),
        (2026, 75),
        (2027, 76),
    ]
    # The programme budget's amounts, on the programme's page.
    (amount,) = programme.amounts.all()
    assert (amount.year, amount.taakveld, amount.expense_cents) == (2025, "", 2_365_500_000)
    page = client.get(
        plan_url("web:programme", programme.pk, framework=framework), follow=True
    ).content
    assert "€ 23.655.000,00" in page.decode()
    # The action page shows the explanation under the action.
    shown = client.get(plan_url("web:action", stored.pk, framework=framework)).content.decode()
    assert "De wijkteams zijn vanaf 1 maart 2025" in shown
    again = client.get(upload(client, budget).url).content.decode()
    assert "Niets nieuws: Koers bevat alles uit dit document al." in again
