"""Submissions under review: lists, one submission with its history, pass, return, bulk pass,
on-site checks and progress. The same policy checks and actions as the web pages."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema, Status

from clustermon import policy
from clustermon.api.schemas import (
    ActionOut,
    BulkPassIn,
    BulkPassOut,
    Detail,
    ProgressOut,
    ReturnIn,
    SiteCheckIn,
    SiteCheckOut,
    SubmissionOut,
    SubmissionRow,
    VersionIn,
)
from clustermon.audit.queries import timeline_for
from clustermon.review import actions, flags, queries, rules
from clustermon.review import progress as progress_
from clustermon.review.models import Level
from clustermon.submissions.models import SubmissionStatus

router = Router(tags=["review"])

ERRORS = {400: Detail, 401: Detail, 403: Detail, 404: Detail, 409: Detail}


def _person(user) -> str:  # noqa: ANN001
    return user.get_full_name() or user.username


def _submission(request: HttpRequest, pk: int):  # noqa: ANN202 - Submission
    submission = policy.get_submission_for(request.auth, pk)
    if not policy.can_see_review(request.auth):
        raise Http404
    return submission


class SubmissionFilters(Schema):
    status: SubmissionStatus | None = None
    level: Level | None = None
    city: int | None = None
    county: int | None = None
    group: str | None = None


@router.get("/rounds/{round_id}/submissions", response={200: list[SubmissionRow], **ERRORS},
            url_name="round_submissions", summary="Submissions of a round in your scope")
def round_submissions(request: HttpRequest, round_id: int, filters: Query[SubmissionFilters]):  # noqa: ANN201
    round_ = policy.get_round_for(request.auth, round_id)
    if not policy.can_see_review(request.auth):
        raise PermissionDenied
    f = queries.QueueFilters(status=filters.status or "", level=filters.level or "", city=filters.city,
                             county=filters.county, group=filters.group or "")
    rows = list(queries.queue(round_, policy.submissions_for(request.auth), request.auth, f))
    badges = flags.badges_for(round_, rows, request.auth)
    return Status(200, [
        {"id": s.pk, "cluster_id": s.cluster_id, "cluster": s.cluster.name, "city": s.cluster.county.city.name,
         "county": s.cluster.county.name, "group": s.group, "status": s.status, "version": s.version,
         "updated_at": s.updated_at, "resubmitted": badges[s.pk].resubmitted,
         "warnings": badges[s.pk].warnings, "outliers": badges[s.pk].outliers}
        for s in rows
    ])


def submission_payload(submission) -> dict:  # noqa: ANN001 - Submission
    names = queries.indicator_names(submission)
    decision = queries.last_return(submission)
    changes = queries.changes_since_return(submission, decision, names) if decision else []
    return {
        "id": submission.pk, "round_id": submission.round_id, "cluster_id": submission.cluster_id,
        "cluster": submission.cluster.name, "group": submission.group, "status": submission.status,
        "version": submission.version, "holder": rules.holder(submission),
        "values": submission.values or {}, "narratives": submission.narratives or {},
        "effective_values": queries.effective_values([submission])[submission.pk],
        "comments": [{"indicator": code, "text": text}
                     for code, texts in queries.open_comments(submission, decision).items() for text in texts],
        "changes_since_return": [{"indicator": c.indicator, "before": c.before, "after": c.after}
                                 for c in changes],
        "history": [
            {"id": d.pk, "level": d.level, "decision": d.decision, "reason": d.reason, "by": _person(d.by),
             "at": d.at, "comments": [{"indicator": c.indicator, "text": c.text} for c in d.comments.all()]}
            for d in queries.decisions_of(submission)
        ],
        "site_checks": [_site_check(c) for c in queries.site_checks_of(submission)],
        "timeline": [{"at": e.event.at, "text": e.text} for e in timeline_for(submission)],
    }


def _site_check(check) -> dict:  # noqa: ANN001 - SiteCheck
    return {
        "id": check.pk, "date": check.date, "inspectors": check.inspectors, "findings": check.findings,
        "by": _person(check.by),
        "corrections": [{"indicator": c.indicator, "original_value": c.original_value,
                         "corrected_value": c.corrected_value, "reason": c.reason}
                        for c in check.corrections.all()],
    }


@router.get("/submissions/{submission_id}", response={200: SubmissionOut, **ERRORS}, url_name="submission",
            summary="One submission with its values, comments and history")
def submission(request: HttpRequest, submission_id: int):  # noqa: ANN201
    return Status(200, submission_payload(_submission(request, submission_id)))


def _action(decision) -> dict:  # noqa: ANN001 - ReviewDecision
    return {"decision_id": decision.pk, "submission_id": decision.submission_id, "level": decision.level,
            "decision": decision.decision, "status": decision.submission.status, "version": decision.version}


@router.post("/submissions/{submission_id}/pass", response={200: ActionOut, **ERRORS}, url_name="pass",
             summary="Pass the submission up (the province: accept it)")
def pass_up(request: HttpRequest, submission_id: int, body: VersionIn):  # noqa: ANN201
    sub = _submission(request, submission_id)
    return Status(200, _action(actions.pass_up(sub, by=request.auth, expected_version=body.expected_version)))


@router.post("/submissions/{submission_id}/return", response={200: ActionOut, **ERRORS}, url_name="return",
             summary="Return the submission to its submitters, with a reason and comments per indicator")
def return_(request: HttpRequest, submission_id: int, body: ReturnIn):  # noqa: ANN201
    sub = _submission(request, submission_id)
    decision = actions.return_(sub, by=request.auth, reason=body.reason, comments=body.comments,
                               expected_version=body.expected_version)
    return Status(200, _action(decision))


@router.post("/rounds/{round_id}/bulk-pass", response={200: BulkPassOut, **ERRORS}, url_name="bulk_pass",
             summary="Pass many clean submissions at once (all or nothing)")
def bulk_pass(request: HttpRequest, round_id: int, body: BulkPassIn):  # noqa: ANN201
    round_ = policy.get_round_for(request.auth, round_id)
    if policy.review_level(request.auth) is None:
        raise PermissionDenied
    versions = {item.id: item.version for item in body.items}
    subs = list(queries.queue(round_, policy.submissions_for(request.auth).filter(pk__in=list(versions)),
                              request.auth, queries.QueueFilters()))
    if len(subs) != len(versions):
        raise Http404
    for s in subs:
        s.version = versions[s.pk]
    decisions = actions.bulk_pass(subs, by=request.auth, flags=flags.badges_for(round_, subs, request.auth))
    return Status(200, {"passed": [_action(d) for d in decisions]})


@router.post("/submissions/{submission_id}/site-checks", response={201: SiteCheckOut, **ERRORS},
             url_name="site_check", summary="Record an on-site check (the province)")
def site_check(request: HttpRequest, submission_id: int, body: SiteCheckIn):  # noqa: ANN201
    sub = _submission(request, submission_id)
    if not policy.can_record_site_check(request.auth, sub):
        raise PermissionDenied
    check = actions.record_site_check(
        sub, by=request.auth, date=body.date, inspectors=body.inspectors, findings=body.findings,
        corrections=[actions.CorrectionInput(c.indicator, c.corrected_value, c.reason) for c in body.corrections],
        expected_version=body.expected_version,
    )
    check = queries.site_checks_of(sub).get(pk=check.pk)
    return Status(201, _site_check(check))


def _counts(c: progress_.Counts) -> dict:
    return {"expected": c.expected, **{str(k): v for k, v in c.by_status.items()}, "overdue": c.overdue}


@router.get("/rounds/{round_id}/progress", response={200: ProgressOut, **ERRORS}, url_name="progress",
            summary="Progress per city and county, and who is late")
def progress(request: HttpRequest, round_id: int):  # noqa: ANN201
    round_ = policy.get_round_for(request.auth, round_id)
    if not policy.can_see_progress(request.auth):
        raise PermissionDenied
    data = progress_.compute(round_, policy.clusters_for(request.auth))
    return Status(200, {
        "round_id": round_.pk, "today": data.today, "total": _counts(data.total),
        "cities": [
            {"city_id": c.city.pk, "city": c.city.name, "counts": _counts(c.total),
             "counties": [{"county_id": county.pk, "county": county.name, "counts": _counts(counts)}
                          for county, counts in c.counties.items()]}
            for c in data.cities
        ],
        "late": [
            {"cluster_id": late.cluster.pk, "cluster": late.cluster.name, "city": late.cluster.county.city.name,
             "county": late.cluster.county.name, "status": late.status, "who": str(late.who),
             "due": late.due, "days_late": late.days}
            for late in data.late
        ],
    })


