"""Read-side helpers of the submissions app: pinned frameworks, last year's values, warnings.

Each helper costs a fixed number of queries whatever the number of clusters.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import Q

from clustermon.submissions.models import Submission
from clustermon.submissions.validation import fields_of, validate

if TYPE_CHECKING:
    from clustermon.frameworks.models import FrameworkVersion
    from clustermon.registry.models import Cluster
    from clustermon.rounds.models import Round
    from clustermon.scoring.framework import Framework

# Framework versions are immutable: a parsed version is kept, keyed by its id and content hash.
_PARSED: dict[tuple[int, str], Framework] = {}
_PARSED_MAX = 256


def parsed(version: FrameworkVersion) -> Framework:
    """The core Framework of a stored version, parsed once per process."""
    key = (version.pk, version.content_hash)
    framework = _PARSED.get(key)
    if framework is None:
        framework = version.framework
        if len(_PARSED) >= _PARSED_MAX:
            _PARSED.clear()
        _PARSED[key] = framework
    return framework


def frameworks_for_round(round_: Round | int) -> dict[str, Framework]:
    """{group: Framework} of the versions the round pins (one query)."""
    from clustermon.rounds.models import RoundFramework

    round_id = round_ if isinstance(round_, int) else round_.pk
    pinned = RoundFramework.objects.filter(round_id=round_id).select_related("framework_version__scheme")
    return {rf.group: parsed(rf.framework_version) for rf in pinned}


def framework_for(submission: Submission) -> Framework | None:
    """The framework the round pins for the submission's group, or None (one query)."""
    return frameworks_for_round(submission.round_id).get(submission.group)


def previous_values(round_: Round, cluster_ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """{cluster id: last year's values} from the same scheme's round of the year before (one query)."""
    rows = Submission.objects.filter(
        round__scheme_id=round_.scheme_id, round__year=round_.year - 1, cluster_id__in=list(cluster_ids)
    ).values_list("cluster_id", "values")
    return {cluster_id: values or {} for cluster_id, values in rows}


def previous_for(submission: Submission) -> dict[str, Any]:
    return previous_values(submission.round, [submission.cluster_id]).get(submission.cluster_id, {})


def submission_deadline(round_: Round, cluster: Cluster) -> date | None:
    """The last day the cluster may hand in: the round's submitter deadline, or a later extension
    granted to the cluster or its city (one query). None when the round sets no deadline."""
    from clustermon.rounds.models import Deadline, DeadlineExtension, DeadlineLevel

    level = DeadlineLevel.SUBMITTER
    base = Deadline.objects.filter(round_id=round_.pk, level=level).order_by().values_list("due", flat=True)
    extended = DeadlineExtension.objects.filter(
        Q(cluster_id=cluster.pk) | Q(city_id=cluster.county.city_id), round_id=round_.pk, level=level
    ).order_by().values_list("due", flat=True)
    dues = [d for d in extended.union(base, all=True) if d]
    return max(dues) if dues else None


def warnings_for(round_: Round, submissions: Iterable[Submission]) -> dict[int, list[str]]:
    """{submission id: codes with a year-over-year warning} (two queries for any number of rows)."""
    subs = list(submissions)
    frameworks = frameworks_for_round(round_)
    previous = previous_values(round_, [s.cluster_id for s in subs])
    out: dict[int, list[str]] = {}
    fields_cache: dict[str, list] = {}
    for s in subs:
        framework = frameworks.get(s.group)
        if framework is None:
            continue
        fields = fields_cache.setdefault(s.group, fields_of(framework))
        report = validate(framework, s.values or {}, previous.get(s.cluster_id), fields=fields,
                          narratives=s.narratives or {}, complete=False)
        if report.warnings:
            out[s.pk] = sorted(report.warnings)
    return out
