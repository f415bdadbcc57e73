"""Evidence downloads: only through the policy's scope, always as an attachment."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.http import require_GET

from clustermon import policy
from clustermon.submissions import evidence as files
from clustermon.submissions.uploads import UploadRefused


@require_GET
def download(request: HttpRequest, pk: int) -> FileResponse:
    item = policy.get_evidence_for(request.user, pk)
    try:
        handle = files.open_file(item)
    except (OSError, UploadRefused):
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=item.name, content_type=item.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
