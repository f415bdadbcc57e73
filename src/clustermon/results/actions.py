"""Computing, approving and publishing a round's results.

    compute_round  →  ResultSet (computed)  →  approve_result_set  →  publish_round
                         (one per run)          (frozen; the round      (the round is
                                                 moves to approved)      published)

`compute_round` gathers each pinned group's inputs from the database (accepted submissions,
submitted expert scores, accepted bonus/deduction claims), scores them with the core, rates stars
and labels against the previous round's approved results, and stores a new numbered `ResultSet`
with its recipe (framework hashes, policies, hash of the inputs) and a hash of its content.
The same inputs always give the same content hash, so a published result can be recomputed and
compared.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from clustermon import policy, scoring
from clustermon.audit.log import record
from clustermon.experts.models import ExpertScore
from clustermon.results.models import ClusterResult, ResultSet
from clustermon.rounds.actions import transition
from clustermon.rounds.models import Round, RoundFramework, RoundStatus
from clustermon.submissions.models import Claim, Submission, SubmissionStatus
from clustermon.web.errors import ActionRefused

if TYPE_CHECKING:
    from clustermon.accounts.models import User

PREV = "@prev"


# --- helpers ------------------------------------------------------------------------------------

def _lock(round_: Round) -> Round:
    return Round.objects.select_for_update().select_related("scheme").get(pk=round_.pk)


def _require_manager(user: User, round_: Round) -> None:
    if not policy.can_manage_results(user, round_):
        raise ActionRefused(gettext("Only the province administrator may do this."))


def canonical_json(data: Any) -> str:
    """Sorted keys, no spaces, Decimals as text: equal data, equal text."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def sha256(data: Any) -> str:
    return hashlib.sha256(canonical_json(data).encode("utf-8")).hexdigest()


def _score(x: Any) -> Decimal:
    """A core float as a Decimal rounded half up to cents (D1)."""
    return scoring.round_score(float(x))


def previous_result_set(round_: Round) -> ResultSet | None:
    """The latest approved result set of the round one year earlier of the same scheme (D6)."""
    prev_round = round_.previous()
    if prev_round is None:
        return None
    return (ResultSet.objects.filter(round=prev_round, status=ResultSet.Status.APPROVED)
            .order_by("-number").first())


# --- gathering the inputs -----------------------------------------------------------------------

def _value_keys(framework: scoring.Framework) -> list[str]:
    """The `values` keys the core reads for this framework: non-expert leaves, and CODE@prev of
    the leaves whose method compares with last year."""
    keys: list[str] = []
    for leaf in framework.leaves():
        method = scoring.METHODS[leaf.method]
        if method.experts:
            continue
        keys.append(leaf.code)
        if method.uses_prev:
            keys.append(leaf.code + PREV)
    return keys


def _expert_codes(framework: scoring.Framework) -> set[str]:
    return {leaf.code for leaf in framework.leaves() if scoring.METHODS[leaf.method].experts}


def _effective_values(submissions: QuerySet[Submission]) -> dict[int, dict[str, Any]]:
    """{cluster id: its submitted values with the province's on-site corrections applied}."""
    from clustermon.review.queries import effective_values

    rows = list(submissions.only("pk", "cluster_id", "values"))
    corrected = effective_values(rows)
    return {row.cluster_id: corrected[row.pk] for row in rows}


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


ExpertIds = dict[int, dict[str, list[int]]]


def _expert_scores(round_: Round, cluster_ids: list[int]) -> tuple[dict[int, dict[str, list[str]]], ExpertIds]:
    """{cluster id: {indicator: the scores of submitted assignments, in expert order}}, and the
    experts who gave them in the same order."""
    out: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    who: ExpertIds = defaultdict(lambda: defaultdict(list))
    scores = (ExpertScore.objects.filter(assignment__round=round_, assignment__submitted_at__isnull=False,
                                         assignment__cluster_id__in=cluster_ids)
              .order_by("assignment__expert_id", "assignment_id", "indicator")
              .values_list("assignment__cluster_id", "indicator", "score", "assignment__expert_id"))
    for cluster_id, indicator, score, expert_id in scores:
        out[cluster_id][indicator].append(score)
        who[cluster_id][indicator].append(expert_id)
    return out, who


def _accepted_claims(round_: Round, cluster_ids: list[int]) -> dict[tuple[str, int, str], Decimal]:
    """{(kind, cluster id, item): the accepted points, summed}."""
    out: dict[tuple[str, int, str], Decimal] = defaultdict(Decimal)
    claims = (Claim.objects.filter(submission__round=round_, submission__status=SubmissionStatus.ACCEPTED,
                                   decision=Claim.Decision.ACCEPTED, submission__cluster_id__in=cluster_ids)
              .order_by("pk").values_list("kind", "submission__cluster_id", "item", "points"))
    for kind, cluster_id, item, points in claims:
        out[kind, cluster_id, item] += points
    return out


def _claimed(framework: scoring.Framework, group: str, ids: list[int],
             claims: Mapping[tuple[str, int, str], Decimal], kind: str) -> dict[str, list[str]]:
    """One group's accepted points per catalogue item, one entry per cluster."""
    catalogue = framework.bonus if kind == "bonus" else framework.deduction
    known = {item.code for item in catalogue.items}
    members = set(ids)
    items = sorted({item for k, cid, item in claims if k == kind and cid in members})
    unknown = [item for item in items if item not in known]
    if unknown:
        raise ActionRefused(gettext("An accepted claim names the item %(item)s, which the "
                                    "framework of %(group)s does not have.")
                            % {"item": unknown[0], "group": group})
    return {item: [str(claims.get((kind, cid, item), Decimal(0))) for cid in ids] for item in items}


def gather_inputs(round_: Round, frameworks: Mapping[str, scoring.Framework]) -> dict[str, scoring.GroupInputs]:
    """Each group's inputs, clusters in id order, in a fixed number of queries (see `_gather`)."""
    return _gather(round_, frameworks)[0]


def _gather(round_: Round, frameworks: Mapping[str, scoring.Framework]
            ) -> tuple[dict[str, scoring.GroupInputs], ExpertIds]:
    """Each group's inputs, and who gave each expert score.

    Values are the accepted submissions' as entered (text), with on-site corrections applied; a
    growth leaf's `CODE@prev` left empty falls back to the cluster's accepted value of last year.
    Expert scores are those of submitted assignments. Claims count when the province accepted them.
    """
    accepted = (Submission.objects.filter(round=round_, status=SubmissionStatus.ACCEPTED,
                                          group__in=list(frameworks)).order_by("cluster_id"))
    members: dict[str, list[int]] = defaultdict(list)
    for cluster_id, group in accepted.values_list("cluster_id", "group"):
        members[group].append(cluster_id)
    entered = _effective_values(accepted)
    cluster_ids = list(entered)
    prev_round = round_.previous()
    last_year = _effective_values(Submission.objects.filter(
        round=prev_round, status=SubmissionStatus.ACCEPTED, cluster_id__in=cluster_ids)) if prev_round else {}
    experts, expert_ids = _expert_scores(round_, cluster_ids)
    claims = _accepted_claims(round_, cluster_ids)

    inputs: dict[str, scoring.GroupInputs] = {}
    for group, framework in frameworks.items():
        ids = members.get(group, [])
        values: dict[str, list[str | None]] = {}
        for key in _value_keys(framework):
            column = []
            for cid in ids:
                value = entered[cid].get(key)
                if _blank(value) and key.endswith(PREV):
                    value = last_year.get(cid, {}).get(key.removesuffix(PREV))
                column.append(None if _blank(value) else str(value))
            values[key] = column
        expert_scores = {code: [experts[cid].get(code, []) for cid in ids]
                         for code in sorted(_expert_codes(framework))}
        inputs[group] = scoring.GroupInputs(
            cluster_ids=ids, values=values, expert_scores=expert_scores,
            bonus=_claimed(framework, group, ids, claims, "bonus"),
            deduction=_claimed(framework, group, ids, claims, "deduction"))
    return inputs, expert_ids


def _canonical_inputs(inputs: Mapping[str, scoring.GroupInputs]) -> dict[str, Any]:
    return {group: {"cluster_ids": list(gi.cluster_ids), "values": gi.values, "expert_scores": gi.expert_scores,
                    "bonus": gi.bonus, "deduction": gi.deduction}
            for group, gi in inputs.items()}


# --- stars and labels ---------------------------------------------------------------------------

def _activity_grades(result: scoring.GroupResult, part: str) -> list[scoring.Grade] | None:
    if part not in result.part_scores:
        return None
    return list(scoring.grade_part(result, part).grades)


def _ratings(results: Mapping[str, scoring.GroupResult], previous: ResultSet | None,
             rating_policy: scoring.RatingPolicy
             ) -> tuple[dict[int, scoring.Rating], dict[int, scoring.Grade | None]]:
    """Stars and labels of every scored cluster from this round's grade and last year's (D6, D7),
    and each cluster's grade on the activity part alone (kept for next year's labels)."""
    curr: dict[int, scoring.Grade] = {}
    curr_activity: dict[int, scoring.Grade | None] = {}
    for result in results.values():
        activity = _activity_grades(result, rating_policy.activity_part)
        for i, cid in enumerate(result.cluster_ids):
            curr[cid] = result.grades[i]
            curr_activity[cid] = activity[i] if activity else None
    prev: dict[int, scoring.Grade] = {}
    prev_activity: dict[int, scoring.Grade | None] = {}
    if previous is not None:
        rows = ClusterResult.objects.filter(result_set=previous).values_list(
            "cluster_id", "grade", "explanation__rating__activity_grade")
        for cid, grade, activity in rows:
            prev[cid] = scoring.parse_grade(grade)
            prev_activity[cid] = scoring.parse_optional_grade(activity)
    by_activity = rating_policy.labels and rating_policy.label_basis == "activity"
    return scoring.rate_pairs(prev, curr, rating_policy,
                              prev_label_grades=prev_activity if by_activity else None,
                              curr_label_grades=curr_activity if by_activity else None), curr_activity


# --- rows and their hash --------------------------------------------------------------------------

def canonical_row(row: ClusterResult) -> dict[str, Any]:
    """What the content hash covers: every figure of one cluster's result (not the explanation)."""
    return {
        "cluster": row.cluster_id, "group": row.group, "total": str(row.total), "base": str(row.base),
        "bonus": str(row.bonus), "deduction": str(row.deduction), "part_scores": row.part_scores,
        "node_points": row.node_points, "rank": row.rank, "group_size": row.group_size,
        "grade": row.grade, "stars": row.stars, "label": row.label,
    }


def content_hash(rows: Iterable[ClusterResult]) -> str:
    """sha256 of the canonical rows in (group, cluster) order."""
    ordered = sorted(rows, key=lambda row: (row.group, row.cluster_id))
    return sha256([canonical_row(row) for row in ordered])


def _jsonable(data: Any) -> Any:
    return json.loads(canonical_json(data))


def _name_experts(nodes: list[dict[str, Any]], who: Mapping[str, list[int]]) -> None:
    """Add to each expert-scored leaf of an explanation the ids of the experts, in score order."""
    for node in nodes:
        if "children" in node:
            _name_experts(node["children"], who)
        elif "experts" in node:
            node["experts"]["expert_ids"] = list(who.get(node["code"], []))


def _rows(group: str, result: scoring.GroupResult, ratings: Mapping[int, scoring.Rating],
          activity: Mapping[int, scoring.Grade | None], expert_ids: ExpertIds | None = None) -> list[ClusterResult]:
    rows = []
    for i, cid in enumerate(result.cluster_ids):
        rating = ratings[cid]
        explanation = _jsonable(result.explain(cid))
        for part in explanation["parts"]:
            _name_experts(part["indicators"], (expert_ids or {}).get(cid, {}))
        explanation["rating"] = {"stars": rating.stars, "label": str(rating.label) if rating.label else None,
                                 "activity_grade": str(activity[cid]) if activity.get(cid) else None}
        rows.append(ClusterResult(
            cluster_id=cid, group=group, total=result.totals[i], base=_score(result.base[i]),
            bonus=_score(result.bonus[i]), deduction=_score(result.deduction[i]),
            part_scores={code: str(_score(scores[i])) for code, scores in result.part_scores.items()},
            node_points={code: str(_score(points[i])) for code, points in result.node_points.items()},
            rank=result.ranks[i], group_size=result.grading.size, grade=str(result.grades[i]),
            stars=rating.stars or 0, label=str(rating.label or scoring.Label.NONE), explanation=explanation,
        ))
    return rows


# --- actions --------------------------------------------------------------------------------------

@transaction.atomic
def compute_round(round_: Round, *, by: User) -> ResultSet:
    """Score every pinned group of the round and store the results as a new result set.

    Refused unless the round is in scoring, every pinned group's inputs can be scored and at
    least one submission was accepted.
    """
    locked = _lock(round_)
    _require_manager(by, locked)
    if locked.status != RoundStatus.SCORING:
        raise ActionRefused(gettext("Results can only be computed while the round is in scoring."))
    pins = list(RoundFramework.objects.filter(round=locked).select_related("framework_version").order_by("group"))
    if not pins:
        raise ActionRefused(gettext("The round has no framework pinned."))
    frameworks = {pin.group: pin.framework_version.framework for pin in pins}
    inputs, expert_ids = _gather(locked, frameworks)
    results: dict[str, scoring.GroupResult] = {}
    for group, framework in frameworks.items():
        if not inputs[group].cluster_ids:
            continue
        try:
            results[group] = scoring.score_group(framework, inputs[group])
        except ValueError as exc:
            raise ActionRefused(gettext("The inputs of %(group)s cannot be scored: %(error)s")
                                % {"group": locked.scheme.group_name(group), "error": exc}) from None
    if not results:
        raise ActionRefused(gettext("No submission of this round has been accepted yet."))

    rating_policy = scoring.RatingPolicy.from_dict(locked.scheme.manifest.get("rating_policy"))
    previous = previous_result_set(locked)
    ratings, activity = _ratings(results, previous, rating_policy)
    rows = [row for group, result in results.items()
            for row in _rows(group, result, ratings, activity, expert_ids)]
    digest = content_hash(rows)
    recipe = {
        "frameworks": {pin.group: {"version_id": pin.framework_version_id,
                                   "version": pin.framework_version.version,
                                   "content_hash": pin.framework_version.content_hash} for pin in pins},
        "grade_policies": {group: fw.grade_policy.to_dict() for group, fw in frameworks.items()},
        "aggregation": {group: fw.aggregation.to_dict() for group, fw in frameworks.items()},
        "rating_policy": rating_policy.to_dict(),
        "previous_result_set": ({"id": previous.pk, "year": locked.year - 1, "number": previous.number,
                                 "content_hash": previous.content_hash} if previous else None),
        "inputs_sha256": sha256(_canonical_inputs(inputs)),
        "clusters": {group: len(result.cluster_ids) for group, result in results.items()},
    }
    number = (ResultSet.objects.filter(round=locked).aggregate(n=Max("number"))["n"] or 0) + 1
    result_set = ResultSet.objects.create(round=locked, number=number, recipe=recipe, content_hash=digest,
                                          computed_by=by)
    for row in rows:
        row.result_set = result_set
    ClusterResult.objects.bulk_create(rows, batch_size=500)
    record("results.computed", result_set, by=by, round_id=locked.pk,
           after={"number": number, "clusters": len(rows), "content_hash": digest,
                  "inputs_sha256": recipe["inputs_sha256"]})
    return result_set


@transaction.atomic
def approve_result_set(result_set: ResultSet, *, by: User) -> ResultSet:
    """Freeze a computed result set; earlier approved sets of the round become superseded.

    The stored rows must still hash to the set's content hash. A round in scoring moves to
    approved (H-Art.14: results approved by the province).
    """
    locked = _lock(result_set.round)
    _require_manager(by, locked)
    current = ResultSet.objects.select_for_update().get(pk=result_set.pk)
    if current.status != ResultSet.Status.COMPUTED:
        raise ActionRefused(gettext("Only computed results that are not yet approved can be approved."))
    if locked.status not in (RoundStatus.SCORING, RoundStatus.APPROVED):
        raise ActionRefused(gettext("Results can only be approved while the round is in scoring."))
    if content_hash(current.results.defer("explanation")) != current.content_hash:
        raise ActionRefused(gettext("These results were changed after they were computed; compute them again."))
    older = list(ResultSet.objects.filter(round=locked, status=ResultSet.Status.APPROVED)
                 .exclude(pk=current.pk).values_list("pk", "number"))
    ResultSet.objects.filter(pk__in=[pk for pk, _ in older]).update(status=ResultSet.Status.SUPERSEDED)
    current.status = ResultSet.Status.APPROVED
    current.approved_at = timezone.now()
    current.approved_by = by
    current.save(update_fields=["status", "approved_at", "approved_by"])
    record("results.approved", current, by=by, round_id=locked.pk,
           before={"status": ResultSet.Status.COMPUTED, "superseded": [number for _, number in older]},
           after={"status": ResultSet.Status.APPROVED, "number": current.number,
                  "content_hash": current.content_hash})
    if locked.status == RoundStatus.SCORING:
        transition(locked, RoundStatus.APPROVED, by=by)
    result_set.status, result_set.approved_at, result_set.approved_by = (
        current.status, current.approved_at, current.approved_by)
    return current


@transaction.atomic
def publish_round(round_: Round, *, by: User, reason: str = "") -> Round:
    """Publish the approved results to the cities, counties and clusters (H-Art.14).

    A lifecycle move (approved → published), refused by the `results.approved` guard until a
    result set is approved. The move itself is the record of publication (`results.publication`);
    the audit trail also names the version and hash published.
    """
    locked = _lock(round_)
    _require_manager(by, locked)
    transition(locked, RoundStatus.PUBLISHED, by=by, reason=reason)
    published = (ResultSet.objects.filter(round=locked, status=ResultSet.Status.APPROVED)
                 .order_by("-number").first())
    record("results.published", published, by=by, round_id=locked.pk, reason=reason,
           after={"number": published.number, "content_hash": published.content_hash,
                  "clusters": sum((published.recipe.get("clusters") or {}).values())})
    round_.status = locked.status
    return round_


# Results may be reopened once approved, and after publication (a correction: the published
# version stays in force until the corrected one is published).
REOPENABLE = frozenset({RoundStatus.APPROVED, RoundStatus.PUBLISHED})


@transaction.atomic
def reopen_results(round_: Round, *, by: User, reason: str) -> Round:
    """Send approved or published results back to scoring, with a reason.

    The round moves back to scoring (a lifecycle move, with the reason). The approved set is kept
    as it is (frozen); the next computation makes a new version, and approving that one
    supersedes the old. Until the corrected results are published, the cities, counties and
    clusters keep seeing the published version.
    """
    locked = _lock(round_)
    _require_manager(by, locked)
    reason = (reason or "").strip()
    if not reason:
        raise ActionRefused(gettext("Give a reason for reopening the results."))
    if locked.status not in REOPENABLE:
        raise ActionRefused(gettext("Only approved or published results can be reopened."))
    approved = (ResultSet.objects.filter(round=locked, status=ResultSet.Status.APPROVED)
                .order_by("-number").first())
    source = locked.status
    transition(locked, RoundStatus.SCORING, by=by, reason=reason)
    record("results.reopened", approved or locked, by=by, round_id=locked.pk, reason=reason,
           before={"status": source, "number": approved.number if approved else None,
                   "content_hash": approved.content_hash if approved else None},
           after={"status": RoundStatus.SCORING})
    round_.status = locked.status
    return round_


def approved_result_set_exists(round_: Round) -> str | None:
    """Lifecycle guard: a round is approved and published only with an approved result set."""
    if round_.result_sets.filter(status=ResultSet.Status.APPROVED).exists():
        return None
    return gettext("Approve a computed result set on the results page first.")
