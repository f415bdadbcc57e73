"""Automatic assignment of experts to clusters: plain data in, a plan out (no database).

Rules, in this order:

1. **Exclusions** (never assigned automatically; the province may still override with a reason):
   the expert's home city is the cluster's city; the expert declared an affiliation with the
   cluster or with its core park; the expert's employer is the cluster's core park or promotion
   organisation (same name); the expert declared a conflict of interest on the cluster; the
   province removed the expert from the cluster in this round.
2. **Balanced load.** With `S` = the assignments the round will hold (existing + still needed)
   and `E` experts in the pool, no expert is given more than `cap = ⌈S / E⌉` while another
   eligible expert is below the cap.
3. **Matching industry preferred.** Under the cap, an expert whose industries match the
   cluster's leading industry (one contains the other) comes first; then the lighter load; then
   the lower id. Above the cap (no one else is eligible): the lighter load first.
4. **Order.** The most constrained clusters (fewest eligible experts for the places to fill)
   are staffed first, then by code. Same inputs, same plan.

Existing assignments are kept; a cluster that cannot reach `n` is reported with what it misses.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum


class Exclusion(StrEnum):
    SAME_CITY = "same_city"
    AFFILIATED_CLUSTER = "affiliated_cluster"
    AFFILIATED_PARK = "affiliated_park"
    EMPLOYER = "employer"
    DECLARED_CONFLICT = "declared_conflict"
    REMOVED = "removed"


@dataclass(frozen=True)
class Target:
    """A cluster to staff."""

    id: int
    code: str
    city_id: int | None = None
    park_id: int | None = None
    industry: str = ""
    # The names of its core park and promotion organisation (an expert employed there is excluded).
    bodies: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Candidate:
    """An expert of the pool."""

    id: int
    city_id: int | None = None
    industries: tuple[str, ...] = ()
    employer: str = ""
    cluster_ties: frozenset[int] = frozenset()
    park_ties: frozenset[int] = frozenset()


@dataclass
class Plan:
    added: list[tuple[int, int]] = field(default_factory=list)  # (cluster id, expert id), in order
    shortfalls: dict[int, int] = field(default_factory=dict)  # cluster id → places left empty
    loads: dict[int, int] = field(default_factory=dict)  # expert id → assignments in the round
    cap: int = 0


def industry_matches(industries: Iterable[str], leading_industry: str) -> bool:
    """True if one of the expert's industries contains the cluster's leading industry or the
    other way round (装备制造 matches 高端装备制造)."""
    leading = (leading_industry or "").strip().lower()
    if not leading:
        return False
    for industry in industries:
        word = industry.strip().lower()
        if word and (word in leading or leading in word):
            return True
    return False


def exclusion(target: Target, candidate: Candidate,
              blocked: dict[tuple[int, int], Exclusion] | None = None) -> Exclusion | None:
    """Why `candidate` may not be assigned to `target` automatically, or None."""
    if candidate.city_id is not None and candidate.city_id == target.city_id:
        return Exclusion.SAME_CITY
    if target.id in candidate.cluster_ties:
        return Exclusion.AFFILIATED_CLUSTER
    if target.park_id is not None and target.park_id in candidate.park_ties:
        return Exclusion.AFFILIATED_PARK
    if candidate.employer.strip() and candidate.employer.strip() in target.bodies:
        return Exclusion.EMPLOYER
    return (blocked or {}).get((target.id, candidate.id))


def plan(targets: Iterable[Target], candidates: Iterable[Candidate], n: int, *,
         existing: Iterable[tuple[int, int]] = (),
         blocked: dict[tuple[int, int], Exclusion] | None = None) -> Plan:
    """Fill every target up to `n` experts. `existing` are (cluster, expert) pairs already in the
    round; `blocked` adds per-pair exclusions (declared conflicts, removals by the province)."""
    targets = sorted(targets, key=lambda t: (t.code, t.id))
    pool = sorted(candidates, key=lambda c: c.id)
    staffed: dict[int, set[int]] = defaultdict(set)
    for cluster_id, expert_id in existing:
        staffed[cluster_id].add(expert_id)
    pool_ids = {c.id for c in pool}
    load = Counter({c.id: 0 for c in pool})
    for members in staffed.values():
        load.update(e for e in members if e in pool_ids)

    need = {t.id: max(0, n - len(staffed[t.id])) for t in targets}
    eligible = {
        t.id: [c for c in pool if c.id not in staffed[t.id] and exclusion(t, c, blocked) is None]
        for t in targets
    }
    result = Plan()
    result.cap = math.ceil((sum(load.values()) + sum(need.values())) / len(pool)) if pool else 0

    def preference(target: Target, candidate: Candidate) -> tuple:
        match = industry_matches(candidate.industries, target.industry)
        if load[candidate.id] < result.cap:
            return (0, not match, load[candidate.id], candidate.id)
        return (1, load[candidate.id], not match, candidate.id)

    for target in sorted(targets, key=lambda t: (len(eligible[t.id]) - need[t.id], t.code, t.id)):
        choices = list(eligible[target.id])
        for _place in range(need[target.id]):
            if not choices:
                result.shortfalls[target.id] = result.shortfalls.get(target.id, 0) + 1
                continue
            best = min(choices, key=lambda c, t=target: preference(t, c))
            choices.remove(best)
            load[best.id] += 1
            result.added.append((target.id, best.id))
    result.loads = dict(load)
    return result
