"""Importing a document on the pages: upload, review beside the text, correct, save."""

import json
from pathlib import Path

import pytest
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


@pytest.mark.django_db
def test_upload_review_correct_and_save(client):
    client.force_login(_editor_of_heerde())
    response = upload(client, FRAMEWORK, municipality="GM0246")
    assert response.url == reverse("web:document_review")
    page = client.get(response.url).content.decode()
    assert 'id="regel-465"' in page  # the source text, line by line, to jump to
    assert "3.1 Verminderen van eenzaamheid bij ouderen" in page
    assert "Hoofdstuk 2" in page  # a doubt, with a link to its line
    assert "33" in page and "Waar staan we?" in page  # candidate figures

    # The editor corrects the draft: a task's title, as the council's version has it.
    draft = json.loads(client.get(response.url).context["form"]["draft"].value())
    draft["frameworks"][0]["themes"][0]["tasks"][0]["title"] = "Eenzaamheid bij ouderen verminderen"
    corrected = json.dumps(draft, ensure_ascii=False)
    checked = client.post(reverse("web:document_review"), {"draft": corrected, "check": "1"})
    assert "Eenzaamheid bij ouderen verminderen" in checked.content.decode()
    assert not Framework.objects.exists()

    saved = client.post(reverse("web:document_review"), {"draft": corrected, "save": "1"})
    assert saved.url == plan_url("web:overview")
    assert Task.objects.get(code="3.1").title == "Eenzaamheid bij ouderen verminderen"
    assert Task.objects.count() == 22
    assert Task.history.filter(history_user__username="beleid").exists()

    # The same document again: nothing new, and the page says so.
    again = client.get(upload(client, FRAMEWORK, municipality="GM0246").url).content.decode()
    assert "Niets nieuws: Koers bevat alles uit dit document al." in again


@pytest.mark.django_db
def test_broken_corrections_and_files_are_refused(client, tmp_path):
    client.force_login(_editor_of_heerde())
    word = tmp_path / "plan.docx"
    word.write_bytes(b"PK\x03\x04")
    refused = upload(client, word)
    assert refused.status_code == 200 and ".txt en .pdf" in refused.content.decode()
    upload(client, FRAMEWORK, municipality="GM0246")
    broken = client.post(reverse("web:document_review"), {"draft": "{kapot", "save": "1"})
    assert broken.status_code == 200 and "geen geldige JSON" in broken.content.decode()
    assert not Framework.objects.exists()


def _save(client, code: str):
    """Upload the kaderdocument for the municipality with this code and save the draft."""
    review = client.get(upload(client, FRAMEWORK, municipality=code).url)
    draft = review.context["form"]["draft"].value()
    return client.post(reverse("web:document_review"), {"draft": draft, "save": "1"})


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
