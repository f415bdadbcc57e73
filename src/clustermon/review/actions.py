"""Review actions: pass up, return with reason and comments, bulk pass, on-site checks.

Optimistic concurrency: every action states the submission version it was decided on and moves the
submission with one conditional UPDATE (`… WHERE id = %s AND version = %s AND status = %s`). When
someone else changed the submission in between, no row matches: the action is refused with
`ChangedMeanwhile` and nothing is written. Two reviewers acting at once: one wins, the other is told.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date as Date
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from clustermon import policy
from clustermon.audit.log import record
from clustermon.review import queries
from clustermon.review.models import (
    Correction,
    Decision,
    Level,
    ReviewComment,
    ReviewDecision,
    SiteCheck,
)
from clustermon.review.rules import LEVEL_OF_STATUS, NEXT_STATUS, REVIEW_ROUND_STATUSES
from clustermon.submissions.models import Submission, SubmissionStatus
from clustermon.web.errors import ActionRefused

if TYPE_CHECKING:
    from clustermon.accounts.models import User

MAX_REASON = 4000
MAX_COMMENT = 2000


class ChangedMeanwhile(ActionRefused):
    """The submission changed since the caller read it (a concurrent edit or decision)."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or _("This submission has been changed by someone else; "
                                      "reload it and try again."))


def _scoped(by: User, submission: Submission) -> Submission:
    """The submission as `by` may see it, freshly read; refused if out of scope."""
    fresh = policy.submissions_for(by).filter(pk=submission.pk).first()
    if fresh is None:
        raise ActionRefused(_("This submission is not in your scope."))
    return fresh


def _check_may_review(by: User, submission: Submission, expected_version: int) -> None:
    if submission.version != expected_version:
        raise ChangedMeanwhile()
    if policy.can_review(by, submission):
        return
    if submission.status not in LEVEL_OF_STATUS:
        raise ActionRefused(_("This submission is not under review (status: %(status)s).")
                            % {"status": submission.get_status_display()})
    if submission.round.status not in REVIEW_ROUND_STATUSES:
        raise ActionRefused(_("The round is not in its review phase."))
    raise ActionRefused(_("This submission is waiting for review at the %(level)s level, not at yours.")
                        % {"level": Level(LEVEL_OF_STATUS[submission.status]).label})


def _move(submission: Submission, *, expected_version: int, to_status: str) -> Submission:
    """The conditional UPDATE; returns the submission as stored after it, or refuses."""
    now = timezone.now()
    moved = Submission.objects.filter(
        pk=submission.pk, version=expected_version, status=submission.status
    ).update(status=to_status, version=F("version") + 1, updated_at=now)
    if moved == 0:
        raise ChangedMeanwhile()
    # Our UPDATE holds the row lock until commit: this read sees exactly what we decided on.
    return Submission.objects.select_related("round", "cluster").get(pk=submission.pk)


def _decide(submission: Submission, *, by: User, decision: str, level: str, reason: str,
            after: Submission) -> ReviewDecision:
    return ReviewDecision.objects.create(
        submission=after, level=level, decision=decision, reason=reason, by=by,
        snapshot=after.values or {}, narratives_snapshot=after.narratives or {}, version=after.version,
    )


def pass_up(submission: Submission, *, by: User, expected_version: int) -> ReviewDecision:
    """The level holding the submission passes it to the next level (province: accepts it)."""
    with transaction.atomic():
        current = _scoped(by, submission)
        _check_may_review(by, current, expected_version)
        level = LEVEL_OF_STATUS[current.status]
        to_status = NEXT_STATUS[current.status]
        after = _move(current, expected_version=expected_version, to_status=to_status)
        decision = _decide(current, by=by, decision=Decision.PASS, level=level, reason="", after=after)
        record("review.pass", after, by=by, before={"status": current.status},
               after={"status": after.status})
    return decision


def _clean_comments(comments: Mapping[str, str] | Iterable[tuple[str, str]] | None,
                    known: Iterable[str]) -> list[tuple[str, str]]:
    items = comments.items() if isinstance(comments, Mapping) else (comments or [])
    known = set(known)
    cleaned: list[tuple[str, str]] = []
    for code, text in items:
        code, text = str(code).strip(), str(text or "").strip()
        if not text:
            continue
        if known and code not in known:
            raise ActionRefused(_("There is no indicator %(code)s in this submission's framework.")
                                % {"code": code})
        if len(text) > MAX_COMMENT:
            raise ActionRefused(_("A comment is limited to %(n)d characters.") % {"n": MAX_COMMENT})
        cleaned.append((code, text))
    return cleaned


def return_(submission: Submission, *, by: User, reason: str,
            comments: Mapping[str, str] | Iterable[tuple[str, str]] | None = None,
            expected_version: int) -> ReviewDecision:
    """The level holding the submission returns it to its submitter; a reason is required."""
    reason = (reason or "").strip()
    if not reason:
        raise ActionRefused(_("A return needs a reason."))
    if len(reason) > MAX_REASON:
        raise ActionRefused(_("The reason is limited to %(n)d characters.") % {"n": MAX_REASON})
    with transaction.atomic():
        current = _scoped(by, submission)
        _check_may_review(by, current, expected_version)
        known = set(queries.indicator_names(current)) | set(current.values or {})
        cleaned = _clean_comments(comments, known)
        level = LEVEL_OF_STATUS[current.status]
        after = _move(current, expected_version=expected_version, to_status=SubmissionStatus.RETURNED)
        decision = _decide(current, by=by, decision=Decision.RETURN, level=level, reason=reason,
                           after=after)
        ReviewComment.objects.bulk_create(
            [ReviewComment(decision=decision, indicator=code, text=text) for code, text in cleaned]
        )
        record("review.return", after, by=by, reason=reason, before={"status": current.status},
               after={"status": after.status})
    return decision


def bulk_pass(submissions: Sequence[Submission], *, by: User,
              flags: Mapping[int, object] | None = None) -> list[ReviewDecision]:
    """Pass many clean submissions at once, each at the version the caller saw (its `.version`).

    All or nothing: if one of them changed meanwhile, is not the caller's to pass, or has
    warnings or outliers (`flags`: {submission id: badges with `.clean`}), nothing is passed.
    """
    if not submissions:
        raise ActionRefused(_("Select at least one submission."))
    flags = flags or {}
    with transaction.atomic():
        decisions = []
        for submission in submissions:
            badge = flags.get(submission.pk)
            if badge is not None and not badge.clean:
                raise ActionRefused(
                    _("%(cluster)s has warnings or outliers: open it and pass it on its own.")
                    % {"cluster": submission.cluster.name})
            try:
                decisions.append(pass_up(submission, by=by, expected_version=submission.version))
            except ActionRefused as exc:
                refusal = type(exc) if isinstance(exc, ChangedMeanwhile) else ActionRefused
                raise refusal(_("%(cluster)s: %(message)s")
                              % {"cluster": submission.cluster.name, "message": exc.message}) from exc
    return decisions


@dataclass(frozen=True)
class CorrectionInput:
    indicator: str
    corrected_value: str
    reason: str


def record_site_check(submission: Submission, *, by: User, date: Date, inspectors: str, findings: str,
                      corrections: Iterable[CorrectionInput] = (),
                      expected_version: int | None = None) -> SiteCheck:
    """The province records an on-site check (实地核查) and the values it corrected, each with a reason.

    The submitted values stay as they were: corrections are kept beside them and applied by
    `queries.effective_values`. The submission's version moves on, so open pages see the change.
    """
    inspectors = (inspectors or "").strip()
    findings = (findings or "").strip()
    if not inspectors:
        raise ActionRefused(_("Name the inspectors."))
    if not findings:
        raise ActionRefused(_("Describe the findings."))
    if date is None:
        raise ActionRefused(_("Give the date of the check."))
    if date > timezone.localdate():
        raise ActionRefused(_("The date of the check cannot be in the future."))
    with transaction.atomic():
        current = _scoped(by, submission)
        if expected_version is not None and current.version != expected_version:
            raise ChangedMeanwhile()
        if not policy.can_record_site_check(by, current):
            raise ActionRefused(_("On-site checks are recorded by the province on submissions it has "
                                  "received, until the results are approved."))
        known = set(queries.indicator_names(current)) | set(current.values or {})
        rows: list[Correction] = []
        seen: set[str] = set()
        for item in corrections:
            code = item.indicator.strip()
            value = str(item.corrected_value).strip()
            reason = (item.reason or "").strip()
            if not code and not value:
                continue
            if known and code not in known:
                raise ActionRefused(_("There is no indicator %(code)s in this submission's framework.")
                                    % {"code": code})
            if code in seen:
                raise ActionRefused(_("Indicator %(code)s is corrected twice.") % {"code": code})
            if not reason:
                raise ActionRefused(_("Each corrected value needs a reason (%(code)s).") % {"code": code})
            seen.add(code)
            original = (current.values or {}).get(code)
            rows.append(Correction(indicator=code, original_value="" if original is None else str(original),
                                   corrected_value=value, reason=reason))
        check = SiteCheck.objects.create(submission=current, date=date, inspectors=inspectors,
                                         findings=findings, by=by)
        for row in rows:
            row.site_check = check
        Correction.objects.bulk_create(rows)
        version_filter = {"version": expected_version} if expected_version is not None else {}
        bumped = Submission.objects.filter(pk=current.pk, **version_filter).update(
            version=F("version") + 1, updated_at=timezone.now())
        if bumped == 0:
            raise ChangedMeanwhile()
        record("review.site_check", current, by=by, reason=findings,
               after={"date": date.isoformat(), "inspectors": inspectors,
                      "corrections": [{"indicator": r.indicator, "original": r.original_value,
                                       "corrected": r.corrected_value, "reason": r.reason}
                                      for r in rows]})
    return check
