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
from django.db.models import Max
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


def _previous_values(round_: Round, cluster_ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """Last year's accepted values per cluster: the fallback for CODE@prev left empty this year."""
    prev_round = round_.previous()
    if prev_round is None:
        return {}
    rows = Submission.objects.filter(round=prev_round, status=SubmissionStatus.ACCEPTED,
                                     cluster_id__in=list(cluster_ids)).values_list("cluster_id", "values")
    return dict(rows)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def gather_inputs(round_: Round, frameworks: Mapping[str, scoring.Framework]) -> dict[str, scoring.GroupInputs]:
    """Each group's inputs, clusters in id order, read in four queries.

    Values come from the accepted submissions as entered (text); a growth leaf's `CODE@prev` left
    empty falls back to the cluster's accepted value of last year. Expert scores are those of
    submitted assignments, in expert order. Claims count when the province accepted them.
    """
    submissions = (Submission.objects.filter(round=round_, status=SubmissionStatus.ACCEPTED,
                                             group__in=list(frameworks))
                   .order_by("cluster_id").values_list("cluster_id", "group", "values"))
    members: dict[str, list[int]] = defaultdict(list)
    entered: dict[int, dict[str, Any]] = {}
    for cluster_id, group, values in submissions:
        members[group].append(cluster_id)
        entered[cluster_id] = values or {}
    group_of = {cid: group for group, ids in members.items() for cid in ids}

    needs_prev = [cid for group, ids in members.items() for cid in ids
                  for key in _value_keys(frameworks[group])
                  if key.endswith(PREV) and _blank(entered[cid].get(key))]
    last_year = _previous_values(round_, set(needs_prev)) if needs_prev else {}

    experts: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    scores = (ExpertScore.objects.filter(assignment__round=round_, assignment__submitted_at__isnull=False,
                                         assignment__cluster_id__in=list(group_of))
              .order_by("assignment__expert_id", "assignment_id", "indicator")
              .values_list("assignment__cluster_id", "indicator", "score"))
    for cluster_id, indicator, score in scores:
        experts[cluster_id][indicator].append(score)

    claims: dict[int, dict[str, dict[str, Decimal]]] = defaultdict(
        lambda: {"bonus": defaultdict(Decimal), "deduction": defaultdict(Decimal)})
    accepted = (Claim.objects.filter(submission__round=round_, submission__status=SubmissionStatus.ACCEPTED,
                                     decision=Claim.Decision.ACCEPTED, submission__cluster_id__in=list(group_of))
                .order_by("pk").values_list("submission__cluster_id", "kind", "item", "points"))
    for cluster_id, kind, item, points in accepted:
        claims[cluster_id][kind][item] += points

    inputs: dict[str, scoring.GroupInputs] = {}
    for group, framework in frameworks.items():
        ids = members.get(group, [])
        values: dict[str, list[Any]] = {}
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
        catalogue = {"bonus": {item.code for item in framework.bonus.items},
                     "deduction": {item.code for item in framework.deduction.items}}
        claimed: dict[str, dict[str, list[str]]] = {"bonus": {}, "deduction": {}}
        for kind in ("bonus", "deduction"):
            items = sorted({item for cid in ids for item in claims[cid][kind]} if ids else set())
            for item in items:
                if item not in catalogue[kind]:
                    raise ActionRefused(gettext("An accepted claim names the item %(item)s, which the "
                                                "framework of %(group)s does not have.")
                                        % {"item": item, "group": group})
                claimed[kind][item] = [str(claims[cid][kind].get(item, Decimal(0))) for cid in ids]
        inputs[group] = scoring.GroupInputs(cluster_ids=ids, values=values, expert_scores=expert_scores,
                                            bonus=claimed["bonus"], deduction=claimed["deduction"])
    return inputs


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


def _rows(group: str, result: scoring.GroupResult, ratings: Mapping[int, scoring.Rating],
          activity: Mapping[int, scoring.Grade | None]) -> list[ClusterResult]:
    rows = []
    for i, cid in enumerate(result.cluster_ids):
        rating = ratings[cid]
        explanation = _jsonable(result.explain(cid))
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
    inputs = gather_inputs(locked, frameworks)
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
    rows = [row for group, result in results.items() for row in _rows(group, result, ratings, activity)]
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
    if content_hash(current.results.all()) != current.content_hash:
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
    result set is approved.
    """
    transition(round_, RoundStatus.PUBLISHED, by=by, reason=reason)
    return round_


def approved_result_set_exists(round_: Round) -> str | None:
    """Lifecycle guard: a round is approved and published only with an approved result set."""
    if round_.result_sets.filter(status=ResultSet.Status.APPROVED).exists():
        return None
    return gettext("Approve a computed result set on the results page first.")
