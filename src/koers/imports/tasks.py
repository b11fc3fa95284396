"""Reading an uploaded document in the background (`koers worker`): a PDF of a few hundred
pages takes seconds. The upload is kept in the file storage until the job has read it; the
draft the job made is what the review page shows."""

import json
from pathlib import PurePath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from koers.imports.document import read_document, source_text
from koers.imports.services import partner_names
from koers.operations.jobs import running

UPLOADS = "uploads"
DRAFT_TYPE = "application/vnd.koers.document-draft+json"


def keep_upload(name: str, data: bytes) -> str:
    """Store an upload for the job; its stored name."""
    return default_storage.save(f"{UPLOADS}/{PurePath(name).name}", ContentFile(data))


@task()
def read_document_job(
    job_id: str, stored: str, name: str, document_kind: str, language: str
) -> None:
    with running(job_id) as job, translation.override(language):
        try:
            job.step(translation.gettext("Reading the text of %(name)s") % {"name": name}, 10)
            with default_storage.open(stored, "rb") as upload:
                source = source_text(name, upload.read())
            job.step(translation.gettext("Finding themes, tasks, ambitions and figures"), 50)
            draft = read_document(source.text, document_kind, partner_names())
        finally:
            default_storage.delete(stored)
        state = {
            "name": name,
            "text": source.text,
            "page_starts": source.page_starts,
            "kind": draft.kind,
            "document": draft.document,
            "doubts": draft.doubts,
            "candidates": draft.candidates,
            "lines": draft.lines,
        }
        # The review page takes the draft from the job into the editor's session.
        review = f"{reverse('web:document_review')}?taak={job_id}"
        job.done(file=json.dumps(state).encode(), content_type=DRAFT_TYPE, url=review)
