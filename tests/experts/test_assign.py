"""The pure planner: exclusions, balance, industry preference, determinism (hand-checked)."""

from clustermon.experts.assign import (
    Candidate,
    Exclusion,
    Target,
    exclusion,
    industry_matches,
    plan,
)


def test_it_matches_industries_both_ways() -> None:
    assert industry_matches(["装备制造"], "高端装备制造")
    assert industry_matches(["高端装备制造"], "装备制造")
    assert not industry_matches(["新材料"], "装备制造")
    assert not industry_matches(["装备制造"], "")
    assert not industry_matches([" "], "装备制造")


def test_it_names_each_exclusion() -> None:
    target = Target(id=1, code="c", city_id=10, park_id=20, bodies=frozenset({"甲园区"}))
    assert exclusion(target, Candidate(id=1, city_id=10)) == Exclusion.SAME_CITY
    assert exclusion(target, Candidate(id=1, cluster_ties=frozenset({1}))) == Exclusion.AFFILIATED_CLUSTER
    assert exclusion(target, Candidate(id=1, park_ties=frozenset({20}))) == Exclusion.AFFILIATED_PARK
    assert exclusion(target, Candidate(id=1, employer=" 甲园区 ")) == Exclusion.EMPLOYER
    assert exclusion(target, Candidate(id=1), {(1, 1): Exclusion.REMOVED}) == Exclusion.REMOVED
    assert exclusion(target, Candidate(id=1, city_id=11, park_ties=frozenset({21}))) is None
    # A cluster without a city or park excludes nobody for those reasons.
    assert exclusion(Target(id=2, code="d"), Candidate(id=1, city_id=None)) is None


def test_it_balances_the_load() -> None:
    # 6 clusters × 1 place over 3 interchangeable experts: cap = ⌈6/3⌉ = 2 each.
    targets = [Target(id=i, code=f"c{i}") for i in range(1, 7)]
    result = plan(targets, [Candidate(id=e) for e in (1, 2, 3)], 1)
    assert result.cap == 2
    assert result.loads == {1: 2, 2: 2, 3: 2}
    # Lighter load first, then lower id: c1→1, c2→2, c3→3, c4→1, c5→2, c6→3.
    assert result.added == [(1, 1), (2, 2), (3, 3), (4, 1), (5, 2), (6, 3)]
    assert result.shortfalls == {}


def test_it_prefers_matching_industry_under_the_cap() -> None:
    # Expert 3 knows the industry: it takes both clusters it may (cap ⌈2/3⌉ = 1 stops it at one).
    targets = [Target(id=1, code="a", industry="装备制造"), Target(id=2, code="b", industry="装备制造")]
    pool = [Candidate(id=1), Candidate(id=2), Candidate(id=3, industries=("装备制造",))]
    result = plan(targets, pool, 1)
    assert result.cap == 1
    assert result.added == [(1, 3), (2, 1)]


def test_it_goes_above_the_cap_only_when_nobody_else_is_eligible() -> None:
    # Cluster 2 is in city 9 where experts 1 and 2 live: only expert 3 may go, though at the cap.
    targets = [Target(id=1, code="a"), Target(id=2, code="b", city_id=9)]
    pool = [Candidate(id=1, city_id=9), Candidate(id=2, city_id=9), Candidate(id=3)]
    result = plan(targets, pool, 2)
    # Most constrained first: b (1 eligible for 2 places) before a.
    assert result.added[0] == (2, 3)
    assert result.shortfalls == {2: 1}
    assert sorted(e for c, e in result.added if c == 1) == [1, 2]


def test_it_keeps_existing_assignments_and_fills_up() -> None:
    targets = [Target(id=1, code="a"), Target(id=2, code="b")]
    pool = [Candidate(id=1), Candidate(id=2)]
    result = plan(targets, pool, 2, existing=[(1, 1), (1, 2), (2, 1)])
    assert result.added == [(2, 2)]
    assert result.loads == {1: 2, 2: 2}


def test_it_is_deterministic_whatever_the_input_order() -> None:
    targets = [Target(id=i, code=f"c{i}", city_id=i % 2, industry="装备制造") for i in range(1, 8)]
    pool = [Candidate(id=e, city_id=e % 3, industries=("装备制造",) if e % 2 else ()) for e in range(1, 6)]
    first = plan(targets, pool, 3)
    again = plan(list(reversed(targets)), list(reversed(pool)), 3)
    assert first == again
    for cluster_id, expert_id in first.added:
        target = next(t for t in targets if t.id == cluster_id)
        candidate = next(c for c in pool if c.id == expert_id)
        assert exclusion(target, candidate) is None
    # Odd clusters (city 1) may only take experts 2, 3, 5: 4 clusters × 3 = 4 each. Even clusters
    # (city 0) exclude expert 3; experts 1 and 4 can take at most one place in each of the 3, so
    # experts 2 and 5 share the 3 places left: the best possible maximum is 4 + 2 = 6.
    assert first.loads == {1: 3, 2: 5, 3: 4, 4: 3, 5: 6}


def test_an_empty_pool_reports_every_place() -> None:
    result = plan([Target(id=1, code="a")], [], 3)
    assert result.added == []
    assert result.shortfalls == {1: 3}
