"""Everything that changes the expert review: the pool, assignments and their overrides,
conflict-of-interest declarations, scores and diagnoses.

Each action is atomic, takes the acting user as `by`, writes its audit event in the same
transaction and raises `ActionRefused` (changing nothing) when a rule refuses it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from clustermon import policy
from clustermon.accounts.models import Role, User
from clustermon.audit.log import record
from clustermon.experts import assign as planner
from clustermon.experts.models import (
    Affiliation,
    Assignment,
    AssignmentOverride,
    AssignmentRun,
    ConflictDeclaration,
    ConflictKind,
    Diagnosis,
    ExpertProfile,
    ExpertScore,
)
from clustermon.experts.scale import Leaf, ScoreError, qualitative_leaves
from clustermon.registry.models import Cluster
from clustermon.rounds.actions import effective_deadline
from clustermon.rounds.models import DeadlineLevel, Round, RoundFramework, RoundStatus
from clustermon.submissions.models import SubmissionStatus
from clustermon.web.errors import ActionRefused

if TYPE_CHECKING:
    from clustermon.registry.models import City, Park

# Experts are organised once the province has re-reviewed (H-Art.13), until scoring starts.
ASSIGNABLE_STATUSES = frozenset({RoundStatus.OPEN, RoundStatus.REVIEW, RoundStatus.EXPERT_REVIEW})
# Experts score only while the round is in expert review.
SCORING_STATUSES = frozenset({RoundStatus.EXPERT_REVIEW})
MAX_PER_CLUSTER = 15


# --- helpers -------------------------------------------------------------------------------------

def _lock_round(round_: Round) -> Round:
    return Round.objects.select_for_update().select_related("scheme").get(pk=round_.pk)


def _lock_assignment(assignment: Assignment) -> Assignment:
    try:
        return (Assignment.objects.select_for_update()
                .select_related("round__scheme", "cluster__county", "expert").get(pk=assignment.pk))
    except Assignment.DoesNotExist:
        raise ActionRefused(gettext("This assignment no longer exists.")) from None


def _require_province(user: User, round_: Round) -> None:
    if not (policy.can_manage_experts(user) and round_.scheme.province_id == user.province_id):
        raise ActionRefused(gettext("Only the province organises the expert review."))


def _require_assignable(round_: Round) -> None:
    if round_.status not in ASSIGNABLE_STATUSES:
        raise ActionRefused(gettext("Experts can be assigned only from the opening of the round "
                                    "until scoring starts."))


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ActionRefused(gettext("Give a reason: a change to the automatic assignment is recorded "
                                    "with its reason."))
    return reason


def _require_expert(user: User, round_: Round) -> None:
    if user.role != Role.EXPERT or user.province_id != round_.scheme.province_id:
        raise ActionRefused(gettext("This user is not an expert of the round's province."))


def round_clusters(round_: Round) -> list[Cluster]:
    """The clusters the expert review covers: those whose submission the province accepted
    after its re-review (H-Art.13: 对审核符合条件的, 组织专家评审)."""
    return list(Cluster.objects.filter(submissions__round=round_,
                                       submissions__status=SubmissionStatus.ACCEPTED)
                .select_related("county__city", "core_park", "promotion_organisation").order_by("code"))


def expert_pool(province_id: int) -> list[User]:
    """Active experts of the province available for assignment, ties loaded."""
    experts = (User.objects.filter(role=Role.EXPERT, province_id=province_id, is_active=True)
               .exclude(expert_profile__active=False)
               .select_related("expert_profile__home_city").prefetch_related("affiliations").order_by("pk"))
    return list(experts)


def _candidate(expert: User) -> planner.Candidate:
    profile = getattr(expert, "expert_profile", None)
    ties = list(expert.affiliations.all())
    return planner.Candidate(
        id=expert.pk,
        city_id=profile.home_city_id if profile else None,
        industries=tuple(profile.industries) if profile else (),
        employer=profile.employer if profile else "",
        cluster_ties=frozenset(a.cluster_id for a in ties if a.cluster_id),
        park_ties=frozenset(a.park_id for a in ties if a.park_id),
    )


def _target(cluster: Cluster) -> planner.Target:
    bodies = {body.name.strip() for body in (cluster.core_park, cluster.promotion_organisation) if body}
    return planner.Target(id=cluster.pk, code=cluster.code, city_id=cluster.county.city_id,
                          park_id=cluster.core_park_id, industry=cluster.leading_industry,
                          bodies=frozenset(bodies))


def blocked_pairs(round_: Round) -> dict[tuple[int, int], planner.Exclusion]:
    """Per-pair exclusions: declared conflicts (any round) and the province's removals (this round)."""
    blocked = {}
    for cluster_id, expert_id in (AssignmentOverride.objects
                                  .filter(round=round_, action=AssignmentOverride.Action.REMOVE)
                                  .values_list("cluster_id", "expert_id")):
        blocked[(cluster_id, expert_id)] = planner.Exclusion.REMOVED
    for cluster_id, expert_id in (ConflictDeclaration.objects.exclude(kind=ConflictKind.NONE)
                                  .filter(cluster__province_id=round_.scheme.province_id)
                                  .values_list("cluster_id", "expert_id")):
        blocked[(cluster_id, expert_id)] = planner.Exclusion.DECLARED_CONFLICT
    return blocked


def exclusion_of(round_: Round, cluster: Cluster, expert: User) -> planner.Exclusion | None:
    """Why the automatic assignment would not pair them (None: it could)."""
    return planner.exclusion(_target(cluster), _candidate(expert), blocked_pairs(round_))


# --- assignment ----------------------------------------------------------------------------------

@transaction.atomic
def auto_assign(round_: Round, n: int, *, by: User) -> AssignmentRun:
    """Give every cluster of the review `n` experts (see `experts.assign` for the rules),
    keeping the assignments already made. The run and what it could not fill are recorded."""
    locked = _lock_round(round_)
    _require_province(by, locked)
    _require_assignable(locked)
    if not 1 <= n <= MAX_PER_CLUSTER:
        raise ActionRefused(gettext("Choose between 1 and %(max)s experts per cluster.") % {
            "max": MAX_PER_CLUSTER})
    clusters = round_clusters(locked)
    if not clusters:
        raise ActionRefused(gettext("No submission of this round has been accepted by the province yet: "
                                    "there is no cluster to assign experts to."))
    pool = expert_pool(locked.scheme.province_id)
    existing = list(Assignment.objects.filter(round=locked).values_list("cluster_id", "expert_id"))
    result = planner.plan([_target(c) for c in clusters], [_candidate(e) for e in pool], n,
                          existing=existing, blocked=blocked_pairs(locked))
    now = timezone.now()
    Assignment.objects.bulk_create([
        Assignment(round=locked, cluster_id=cluster_id, expert_id=expert_id, assigned_at=now)
        for cluster_id, expert_id in result.added
    ])
    codes = {c.pk: c.code for c in clusters}
    report = {
        "clusters": len(clusters),
        "experts": len(pool),
        "cap": result.cap,
        "added": [[codes[c], e] for c, e in result.added],
        "shortfalls": {codes[c]: missing for c, missing in sorted(result.shortfalls.items())},
    }
    run = AssignmentRun.objects.create(round=locked, per_cluster=n, report=report, by=by)
    record("experts.auto_assigned", run, by=by, after=report, round_id=locked.pk)
    return run


@transaction.atomic
def assign(round_: Round, cluster: Cluster, expert: User, *, by: User, reason: str) -> Assignment:
    """The province adds an expert to a cluster by hand, with a reason, exclusions or not."""
    locked = _lock_round(round_)
    _require_province(by, locked)
    _require_assignable(locked)
    reason = _reason(reason)
    _require_expert(expert, locked)
    if cluster.province_id != locked.scheme.province_id:
        raise ActionRefused(gettext("This cluster is not in the round's province."))
    if Assignment.objects.filter(round=locked, cluster=cluster, expert=expert).exists():
        raise ActionRefused(gettext("This expert is already assigned to this cluster."))
    excluded = exclusion_of(locked, cluster, expert)
    assignment = Assignment.objects.create(round=locked, cluster=cluster, expert=expert,
                                           assigned_at=timezone.now())
    AssignmentOverride.objects.create(round=locked, cluster=cluster, expert=expert,
                                      action=AssignmentOverride.Action.ADD, reason=reason, by=by)
    record("experts.assigned", assignment, by=by, reason=reason,
           after={"expert": expert.username, "cluster": cluster.code,
                  "overrides_exclusion": excluded.value if excluded else None})
    return assignment


def _scores_snapshot(assignment: Assignment) -> dict[str, list[str]]:
    return {s.indicator: [s.score, s.comment] for s in assignment.scores.order_by("indicator")}


@transaction.atomic
def unassign(assignment: Assignment, *, by: User, reason: str) -> AssignmentOverride:
    """The province removes an expert from a cluster, with a reason. The scores given so far are
    kept in the audit event; the expert is not assigned there again automatically."""
    locked = _lock_assignment(assignment)
    round_ = _lock_round(locked.round)
    _require_province(by, round_)
    _require_assignable(round_)
    reason = _reason(reason)
    before = {"expert": locked.expert.username, "cluster": locked.cluster.code,
              "submitted_at": locked.submitted_at.isoformat() if locked.submitted_at else None,
              "scores": _scores_snapshot(locked)}
    override = AssignmentOverride.objects.create(round=round_, cluster=locked.cluster, expert=locked.expert,
                                                 action=AssignmentOverride.Action.REMOVE, reason=reason, by=by)
    record("experts.unassigned", locked, by=by, reason=reason, before=before)
    locked.delete()
    return override


# --- conflict of interest ------------------------------------------------------------------------

@transaction.atomic
def declare_conflict(assignment: Assignment, kind: str, note: str = "", *, by: User) -> ConflictDeclaration:
    """The expert's declaration on first opening the cluster. `none` opens the cluster for
    scoring; any conflict removes the assignment (the declaration stays as the record) and
    shows on the province's progress page."""
    locked = _lock_assignment(assignment)
    if by.pk != locked.expert_id:
        raise ActionRefused(gettext("Only the assigned expert declares their conflicts of interest."))
    if locked.opened_at is not None or locked.submitted_at is not None:
        raise ActionRefused(gettext("You have already declared for this cluster."))
    if locked.round.status not in ASSIGNABLE_STATUSES:
        raise ActionRefused(gettext("The expert review of this round is over."))
    try:
        kind = ConflictKind(kind)
    except ValueError:
        raise ActionRefused(gettext("Choose whether you have a conflict of interest, and which.")) from None
    note = (note or "").strip()
    if kind == ConflictKind.OTHER and not note:
        raise ActionRefused(gettext("Describe the conflict of interest."))
    declaration = ConflictDeclaration.objects.create(
        round=locked.round, cluster=locked.cluster, expert=locked.expert, assignment=locked, kind=kind, note=note)
    if kind == ConflictKind.NONE:
        locked.opened_at = timezone.now()
        locked.save(update_fields=["opened_at"])
        record("experts.no_conflict_declared", declaration, by=by, after={"kind": kind.value})
        return declaration
    record("experts.conflict_declared", declaration, by=by, reason=note,
           before={"assignment": locked.pk, "expert": locked.expert.username, "cluster": locked.cluster.code},
           after={"kind": kind.value})
    locked.delete()
    return declaration


# --- scores --------------------------------------------------------------------------------------

def pinned_document(round_: Round, group: str) -> dict | None:
    """The stored framework document the round pins for `group` (None if none is pinned)."""
    pinned = (RoundFramework.objects.filter(round=round_, group=group)
              .select_related("framework_version").first())
    return pinned.framework_version.document if pinned else None


def leaves_for(round_: Round, group: str) -> list[Leaf]:
    """The qualitative leaves of the framework the round pins for `group` (empty if none pinned)."""
    return qualitative_leaves(pinned_document(round_, group))


def expert_deadline(round_: Round, cluster: Cluster) -> dt.date | None:
    """The last day on which experts may score `cluster` (None: the round set no expert deadline)."""
    return effective_deadline(round_, cluster, DeadlineLevel.EXPERT)


def _check_can_score(assignment: Assignment, by: User) -> None:
    if by.pk != assignment.expert_id:
        raise ActionRefused(gettext("Only the assigned expert scores this cluster."))
    if assignment.submitted_at is not None:
        raise ActionRefused(gettext("Your scores for this cluster have been submitted; they can no longer "
                                    "be changed."))
    if assignment.opened_at is None:
        raise ActionRefused(gettext("Declare your conflicts of interest before scoring."))
    if assignment.round.status not in SCORING_STATUSES:
        raise ActionRefused(gettext("Scores can be given only while the round is in expert review."))
    due = expert_deadline(assignment.round, assignment.cluster)
    if due is not None and timezone.localdate() > due:
        raise ActionRefused(gettext("The expert deadline (%(due)s) has passed.") % {"due": due.isoformat()})


@transaction.atomic
def save_scores(assignment: Assignment, entries: Mapping[str, tuple[str, str]], *, by: User) -> int:
    """Save a draft: for each qualitative leaf code, (score, comment). A score must be on the
    leaf's scale (a letter of its `grades`, or 0..points); an empty score is allowed in a draft.
    Returns the number of scores changed."""
    locked = _lock_assignment(assignment)
    _check_can_score(locked, by)
    leaves = {leaf.code: leaf for leaf in leaves_for(locked.round, locked.cluster.group)}
    problems, clean = [], {}
    for code, (score, comment) in entries.items():
        leaf = leaves.get(code)
        if leaf is None:
            problems.append(gettext("%(indicator)s is not an indicator scored by experts.") % {"indicator": code})
            continue
        try:
            clean[code] = (leaf.parse(score) if (score or "").strip() else "", (comment or "").strip())
        except ScoreError as error:
            problems.append(str(error))
    if problems:
        raise ActionRefused(" ".join(problems))
    current = {s.indicator: s for s in locked.scores.all()}
    before, after = {}, {}
    for code, (score, comment) in clean.items():
        row = current.get(code)
        if row is not None and (row.score, row.comment) == (score, comment):
            continue
        before[code] = [row.score, row.comment] if row else None
        after[code] = [score, comment] if (score or comment) else None
        if not (score or comment):
            if row is not None:
                row.delete()
        elif row is None:
            ExpertScore.objects.create(assignment=locked, indicator=code, score=score, comment=comment)
        else:
            row.score, row.comment = score, comment
            row.save(update_fields=["score", "comment"])
    if after:
        record("experts.scores_saved", locked, by=by, before=before, after=after)
    return len(after)


@transaction.atomic
def submit_scores(assignment: Assignment, *, by: User) -> Assignment:
    """Submit once: every qualitative leaf must have a score on its scale."""
    locked = _lock_assignment(assignment)
    _check_can_score(locked, by)
    leaves = leaves_for(locked.round, locked.cluster.group)
    if not leaves:
        raise ActionRefused(gettext("The framework of this cluster's group has no indicator scored by experts."))
    scores = {s.indicator: s.score for s in locked.scores.all()}
    missing = [leaf.code for leaf in leaves if not scores.get(leaf.code)]
    if missing:
        raise ActionRefused(gettext("Score every indicator before submitting; missing: %(codes)s.") % {
            "codes": ", ".join(missing)})
    for leaf in leaves:
        try:
            leaf.parse(scores[leaf.code])
        except ScoreError as error:
            raise ActionRefused(str(error)) from None
    locked.submitted_at = timezone.now()
    locked.save(update_fields=["submitted_at"])
    record("experts.scores_submitted", locked, by=by,
           after={code: scores[code] for code in sorted(leaf.code for leaf in leaves)})
    return locked


# --- diagnosis -----------------------------------------------------------------------------------

@transaction.atomic
def assign_diagnosis(round_: Round, cluster: Cluster, expert: User, *, by: User) -> Diagnosis:
    """Ask an expert to diagnose a cluster (集群诊断, H-Art.15)."""
    locked = _lock_round(round_)
    _require_province(by, locked)
    _require_expert(expert, locked)
    if cluster.province_id != locked.scheme.province_id:
        raise ActionRefused(gettext("This cluster is not in the round's province."))
    if Diagnosis.objects.filter(round=locked, cluster=cluster, expert=expert).exists():
        raise ActionRefused(gettext("This expert is already asked to diagnose this cluster."))
    diagnosis = Diagnosis.objects.create(round=locked, cluster=cluster, expert=expert, assigned_by=by)
    record("experts.diagnosis_assigned", diagnosis, by=by,
           after={"expert": expert.username, "cluster": cluster.code})
    return diagnosis


@transaction.atomic
def file_diagnosis(diagnosis: Diagnosis, note: str, *, by: User) -> Diagnosis:
    """The expert files (or revises) the diagnosis note; every version is in the audit trail."""
    locked = Diagnosis.objects.select_for_update().get(pk=diagnosis.pk)
    if by.pk != locked.expert_id:
        raise ActionRefused(gettext("Only the expert asked for the diagnosis files it."))
    note = (note or "").strip()
    if not note:
        raise ActionRefused(gettext("Write the diagnosis note."))
    before = {"note": locked.note} if locked.filed_at else None
    locked.note, locked.filed_at = note, timezone.now()
    locked.save(update_fields=["note", "filed_at"])
    record("experts.diagnosis_filed", locked, by=by, before=before, after={"note": note})
    return locked


# --- the pool ------------------------------------------------------------------------------------

def _profile_state(expert: User, profile: ExpertProfile) -> dict:
    return {"name": expert.first_name, "field": profile.field, "industries": list(profile.industries),
            "home_city": profile.home_city_id, "employer": profile.employer, "active": profile.active,
            "note": profile.note}


def _check_pool_manager(by: User) -> None:
    if not policy.can_manage_experts(by):
        raise ActionRefused(gettext("Only the province keeps the expert pool."))


@transaction.atomic
def create_expert(*, by: User, username: str, name: str, password: str = "", field: str = "",
                  industries: Iterable[str] = (), home_city: City | None = None, employer: str = "",
                  active: bool = True, note: str = "") -> User:
    """Add an expert to the province's pool: a user with the expert role and a profile."""
    _check_pool_manager(by)
    username = (username or "").strip()
    if not username:
        raise ActionRefused(gettext("Give the expert a user name."))
    if User.objects.filter(username=username).exists():
        raise ActionRefused(gettext("This user name is taken."))
    if home_city is not None and home_city.province_id != by.province_id:
        raise ActionRefused(gettext("This city is not in your province."))
    expert = User(username=username, first_name=(name or "").strip(), role=Role.EXPERT,
                  province_id=by.province_id)
    if password:
        expert.set_password(password)
    else:
        expert.set_unusable_password()
    expert.save()
    profile = ExpertProfile.objects.create(user=expert, field=field, industries=list(industries),
                                           home_city=home_city, employer=employer, active=active, note=note)
    record("experts.expert_created", profile, by=by, after=_profile_state(expert, profile))
    return expert


@transaction.atomic
def update_expert(expert: User, *, by: User, name: str, field: str = "", industries: Iterable[str] = (),
                  home_city: City | None = None, employer: str = "", active: bool = True,
                  note: str = "") -> ExpertProfile:
    _check_pool_manager(by)
    if expert.role != Role.EXPERT or expert.province_id != by.province_id:
        raise ActionRefused(gettext("This user is not an expert of your province."))
    if home_city is not None and home_city.province_id != by.province_id:
        raise ActionRefused(gettext("This city is not in your province."))
    profile, _created = ExpertProfile.objects.get_or_create(user=expert)
    before = _profile_state(expert, profile)
    expert.first_name = (name or "").strip()
    expert.save(update_fields=["first_name"])
    profile.field, profile.industries, profile.home_city = field, list(industries), home_city
    profile.employer, profile.active, profile.note = employer, active, note
    profile.save()
    after = _profile_state(expert, profile)
    if after != before:
        record("experts.expert_updated", profile, by=by, before=before, after=after)
    return profile


@transaction.atomic
def add_affiliation(expert: User, *, by: User, cluster: Cluster | None = None, park: Park | None = None,
                    note: str = "") -> Affiliation:
    """Record a declared tie of the expert with a cluster or a park (an assignment exclusion)."""
    _check_pool_manager(by)
    if expert.role != Role.EXPERT or expert.province_id != by.province_id:
        raise ActionRefused(gettext("This user is not an expert of your province."))
    if (cluster is None) == (park is None):
        raise ActionRefused(gettext("Choose either a cluster or a park."))
    if cluster is not None and cluster.province_id != by.province_id:
        raise ActionRefused(gettext("This cluster is not in your province."))
    if park is not None and park.county.city.province_id != by.province_id:
        raise ActionRefused(gettext("This park is not in your province."))
    affiliation = Affiliation.objects.create(expert=expert, cluster=cluster, park=park, note=(note or "").strip())
    record("experts.affiliation_added", affiliation, by=by,
           after={"expert": expert.username, "cluster": cluster.code if cluster else None,
                  "park": park.name if park else None, "note": affiliation.note})
    return affiliation


@transaction.atomic
def remove_affiliation(affiliation: Affiliation, *, by: User) -> None:
    _check_pool_manager(by)
    if affiliation.expert.province_id != by.province_id:
        raise ActionRefused(gettext("This user is not an expert of your province."))
    record("experts.affiliation_removed", affiliation, by=by,
           before={"expert": affiliation.expert.username, "cluster": affiliation.cluster_id,
                   "park": affiliation.park_id, "note": affiliation.note})
    affiliation.delete()
