"""The page of a background job, and the file it made."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from koers.operations.models import Job


def job(request: HttpRequest, pk: str) -> HttpResponse:
    found = get_object_or_404(Job.objects.defer("file"), pk=pk)
    return render(request, "operations/job.html", {"job": found})


def job_file(request: HttpRequest, pk: str) -> HttpResponse:
    found = get_object_or_404(Job, pk=pk, state=Job.State.DONE)
    if found.file is None:
        raise Http404
    response = HttpResponse(bytes(found.file), content_type=found.content_type)
    response["Content-Disposition"] = f'attachment; filename="{found.filename}"'
    return response
