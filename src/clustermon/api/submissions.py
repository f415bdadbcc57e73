"""Data entry through the API: save a draft and submit, by the submissions app's own actions."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Status

from clustermon import policy
from clustermon.api.schemas import Detail, DraftIn, DraftOut, StatusOut, VersionIn

router = Router(tags=["submissions"])

ERRORS = {400: Detail, 401: Detail, 403: Detail, 404: Detail, 409: Detail}


def _status(submission) -> dict:  # noqa: ANN001 - Submission
    return {"id": submission.pk, "status": submission.status, "version": submission.version}


@router.put("/submissions/{submission_id}/draft", response={200: DraftOut, **ERRORS}, url_name="save_draft",
            summary="Save values, narratives and explanations as a draft (the submitter)",
            description="Codes not given keep their value; an empty value clears one. The answer "
                        "carries the draft's validation report (errors block submission).")
def save_draft(request: HttpRequest, submission_id: int, body: DraftIn):  # noqa: ANN201
    from clustermon.submissions import actions

    submission = policy.get_submission_for(request.auth, submission_id)
    report = actions.save_draft(submission, by=request.auth, values=body.values, narratives=body.narratives,
                                explanations=body.explanations, expected_version=body.expected_version)
    return Status(200, {**_status(submission), "report": report.as_dict()})


@router.post("/submissions/{submission_id}/submit", response={200: StatusOut, **ERRORS}, url_name="submit",
             summary="Hand the submission in (a returned one goes back to the level that returned it)")
def submit(request: HttpRequest, submission_id: int, body: VersionIn):  # noqa: ANN201
    from clustermon.submissions import actions

    submission = policy.get_submission_for(request.auth, submission_id)
    actions.submit(submission, by=request.auth, expected_version=body.expected_version)
    return Status(200, _status(submission))
