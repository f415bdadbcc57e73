"""Progress of a round per city and county, and the list of who is late.

The expected clusters follow the registry: a cluster counts for a round of year Y when
`Cluster.is_monitored_in(Y)` (recognised before Y, not withdrawn before Y) and its group belongs to
the round's scheme. A submission is "late" when the party holding it has passed its effective
deadline (`rounds.actions.effective_deadlines`, extensions included): the submitters while it is
not started or in draft (submission deadline); the county, city or province while it waits at that
level (that level's deadline). A returned submission is the submitters' to correct, by the deadline
of the level that returned it (that level must still review it in time).
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clustermon.rounds.models import DeadlineLevel
from clustermon.submissions.models import SubmissionStatus

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from clustermon.registry.models import Cluster
    from clustermon.rounds.models import Round

S = SubmissionStatus
NOT_STARTED = "not_started"

# Columns of the progress table, in order.
COLUMNS: tuple[tuple[str, object], ...] = (
    (NOT_STARTED, _("not started")),
    (S.DRAFT, _("draft")),
    (S.AT_COUNTY, _("at county")),
    (S.AT_CITY, _("at city")),
    (S.AT_PROVINCE, _("at province")),
    (S.ACCEPTED, _("accepted")),
    (S.RETURNED, _("returned")),
)

# Whose deadline applies while a submission is in a status (returned: see RETURN_DEADLINE).
DEADLINE_OF_STATUS: dict[str, str] = {
    NOT_STARTED: DeadlineLevel.SUBMITTER,
    S.DRAFT: DeadlineLevel.SUBMITTER,
    S.AT_COUNTY: DeadlineLevel.COUNTY,
    S.AT_CITY: DeadlineLevel.CITY,
    S.AT_PROVINCE: DeadlineLevel.PROVINCE,
}
# A returned submission: the deadline of the level that returned it.
RETURN_DEADLINE: dict[str, str] = {
    "county": DeadlineLevel.COUNTY, "city": DeadlineLevel.CITY, "province": DeadlineLevel.PROVINCE,
}


@dataclass
class Counts:
    expected: int = 0
    by_status: dict[str, int] = field(default_factory=lambda: {code: 0 for code, _label in COLUMNS})
    overdue: int = 0

    def add(self, status: str, late: bool) -> None:
        self.expected += 1
        self.by_status[status] += 1
        self.overdue += int(late)

    @property
    def cells(self) -> list[int]:
        return [self.by_status[code] for code, _label in COLUMNS]


@dataclass
class CityProgress:
    city: object
    total: Counts = field(default_factory=Counts)
    counties: OrderedDict = field(default_factory=OrderedDict)  # county → Counts


@dataclass
class Progress:
    cities: list[CityProgress]
    total: Counts
    late: list[Late]
    today: dt.date


@dataclass(frozen=True)
class Late:
    cluster: Cluster
    status: str
    status_label: str
    who: object  # DeadlineLevel label: who must act
    due: dt.date
    days: int


def expected_clusters(round_: Round, clusters: QuerySet[Cluster]) -> list[Cluster]:
    """The clusters of `clusters` the round expects a submission from (registry rules)."""
    groups = {g["code"] for g in round_.scheme.groups}
    rows = clusters.filter(province_id=round_.scheme.province_id).select_related("county__city")
    if groups:
        rows = rows.filter(group__in=groups)
    return [c for c in rows.order_by("county__city__code", "county__code", "code")
            if c.is_monitored_in(round_.year)]


def compute(round_: Round, clusters: QuerySet[Cluster], today: dt.date | None = None) -> Progress:
    """Counts per city and county for the clusters in `clusters` (the caller's scope).

    A fixed number of queries whatever the number of clusters: the clusters, the submissions, the
    levels that returned the returned ones, and two per deadline level.
    """
    from clustermon.review.models import Decision, ReviewDecision
    from clustermon.rounds.actions import effective_deadlines

    today = today or timezone.localdate()
    expected = expected_clusters(round_, clusters)
    rows = list(round_.submissions.filter(cluster_id__in=[c.pk for c in expected]).values_list(
        "pk", "cluster_id", "status"))
    statuses = {cluster_id: status for _pk, cluster_id, status in rows}
    returned = [pk for pk, _cluster_id, status in rows if status == S.RETURNED]
    returned_by: dict[int, str] = {}
    if returned:
        for cluster_id, level in (ReviewDecision.objects.filter(submission_id__in=returned, decision=Decision.RETURN)
                                  .order_by("at", "id").values_list("submission__cluster_id", "level")):
            returned_by[cluster_id] = level  # the latest return wins
    levels = set(DEADLINE_OF_STATUS.values()) | set(RETURN_DEADLINE.values())
    deadlines = {level: effective_deadlines(round_, level, expected) for level in levels}
    labels = dict(S.choices) | {NOT_STARTED: _("not started")}
    cities: OrderedDict = OrderedDict()
    total = Counts()
    late: list[Late] = []
    for cluster in expected:
        status = statuses.get(cluster.pk, NOT_STARTED)
        if status == S.RETURNED:
            level = RETURN_DEADLINE.get(returned_by.get(cluster.pk, ""), DeadlineLevel.SUBMITTER)
            who = DeadlineLevel.SUBMITTER
        else:
            level = who = DEADLINE_OF_STATUS.get(status)
        due = deadlines[level].get(cluster.pk) if level else None
        is_late = due is not None and today > due
        city = cluster.county.city
        entry = cities.setdefault(city.pk, CityProgress(city))
        entry.total.add(status, is_late)
        entry.counties.setdefault(cluster.county, Counts()).add(status, is_late)
        total.add(status, is_late)
        if is_late:
            late.append(Late(cluster, status, str(labels[status]), DeadlineLevel(who).label, due,
                             (today - due).days))
    return Progress(list(cities.values()), total, late, today)
