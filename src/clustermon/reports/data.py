"""Everything a report shows, gathered in a constant number of queries.

`cluster_report(user, round_, cluster_id)` — one cluster's diagnosis (H-Art.15: "对照监测指标结论"):
its result, every indicator against the group average and best, strengths and weaknesses, the
trend over the scheme's rounds and the follow-up plan its grade requires.

`summary_report(user, round_)` — the province's (or, outside the province, the user's scope's)
rankings per group, grade distribution, cities, movers and groups too small for an excellent grade.

Figures stay Decimal. Group averages and bests come from every cluster of the group (through
`policy.comparison_rows`), whatever the user's scope; nothing here names another cluster.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.http import Http404
from django.utils.translation import gettext_lazy as _

from clustermon import policy, scoring
from clustermon.analysis.queries import stability_line, stability_summary
from clustermon.frameworks.display import text
from clustermon.frameworks.models import FrameworkVersion
from clustermon.plans import rules as plan_rules
from clustermon.registry.models import City
from clustermon.results.display import GRADE_NAMES, grade_name, label_name, language_key, star_text
from clustermon.results.models import ClusterResult, ResultSet
from clustermon.rounds.models import Round, RoundFramework
from clustermon.submissions.models import Submission

if TYPE_CHECKING:
    from clustermon.accounts.models import User

ZERO = Decimal(0)
HUNDRED = Decimal(100)
GRADES = list(GRADE_NAMES)  # best first
TOP = 5  # strengths, weaknesses and movers shown

def dec(x: Any) -> Decimal:
    return scoring.round_score(x if x is not None else 0)


def mean(values: Iterable[Decimal]) -> Decimal:
    values = list(values)
    return dec(sum(values, ZERO) / len(values)) if values else ZERO


def percent(part: Decimal, whole: Decimal) -> Decimal:
    return dec(part * HUNDRED / whole) if whole else ZERO


def value_text(value: Any) -> str:
    """A scored value as people write it: 13.0 → "13", 35.85 → "35.85"; None → ""."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int | float):
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        text_ = format(number.normalize(), "f")
        return text_
    return str(value)


# --- one cluster -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class IndicatorLine:
    """One indicator of the cluster against its group. Points are out of the part's 100."""

    code: str
    name: str
    depth: int
    is_leaf: bool
    unit: str
    max_points: Decimal
    points: Decimal
    average: Decimal
    best: Decimal
    value: str = ""        # the value scored (after on-site corrections), "" for expert indicators
    submitted: str = ""    # the value as submitted
    missing: bool = False
    experts: str = ""      # the experts' scores, "A, B, B"

    @property
    def gap_average(self) -> Decimal:
        return self.points - self.average

    @property
    def gap_best(self) -> Decimal:
        return self.points - self.best

    @property
    def gain(self) -> Decimal:
        """The points the group best shows to be reachable."""
        return self.best - self.points

    @property
    def share(self) -> Decimal:
        """Points as a percentage of the indicator's full marks."""
        return percent(self.points, self.max_points)

    @property
    def average_share(self) -> Decimal:
        return percent(self.average, self.max_points)

    @property
    def best_share(self) -> Decimal:
        return percent(self.best, self.max_points)

    @property
    def lead(self) -> Decimal:
        """Percentage points of full marks above (+) or below (−) the group average."""
        return self.share - self.average_share

    @property
    def corrected(self) -> bool:
        return bool(self.submitted and self.value and self.submitted != self.value
                    and _number(self.submitted) != _number(self.value))

    @property
    def indent(self) -> str:
        return f"{self.depth * 1.2}em"


def _number(text_: str) -> Decimal | None:
    try:
        return Decimal(str(text_).strip())
    except ArithmeticError:
        return None


@dataclass(frozen=True)
class PartLine:
    code: str
    name: str
    weight: Decimal
    score: Decimal
    average: Decimal
    best: Decimal


@dataclass(frozen=True)
class TrendPoint:
    year: int
    title: str
    total: Decimal
    rank: int
    size: int
    grade: str
    group: str
    average: Decimal
    best: Decimal
    current: bool

    @property
    def grade_name(self) -> str:
        return grade_name(self.grade)


@dataclass(frozen=True)
class Claimed:
    name: str
    points: Decimal


@dataclass
class ClusterReport:
    round: Round
    result_set: ResultSet
    result: ClusterResult
    group_name: str
    framework_version: str
    parts: list[PartLine]
    indicators: list[IndicatorLine]
    strengths: list[IndicatorLine]
    weaknesses: list[IndicatorLine]
    priorities: list[IndicatorLine]
    trend: list[TrendPoint]
    bonus: list[Claimed]
    deduction: list[Claimed]
    average_total: Decimal
    best_total: Decimal
    grade_policy: Mapping[str, Any]
    # Grade stability (robustness analysis, clustermon.scoring.robustness): filled once it exists.
    stability: Any = None

    @property
    def cluster(self) -> Any:
        return self.result.cluster

    @property
    def first_level(self) -> list[IndicatorLine]:
        return [line for line in self.indicators if line.depth == 0]

    @property
    def grade_name(self) -> str:
        return grade_name(self.result.grade)

    @property
    def label_name(self) -> str:
        return label_name(self.result.label)

    @property
    def stars_text(self) -> str:
        return star_text(self.result.stars)

    @property
    def plan_kind(self) -> str:
        """The plan the grade requires (H-Art.15), as the follow-up plans name it."""
        return str(plan_rules.kind_for_grade(self.result.grade).label)

    @property
    def plan_text(self) -> str:
        return str(plan_rules.REQUIREMENT_TEXT[plan_rules.kind_for_grade(self.result.grade)])

    @property
    def plan_article(self) -> str:
        """H-Art.15's own sentence for the grade, quoted in Chinese as published."""
        return plan_rules.ARTICLE_15[plan_rules.kind_for_grade(self.result.grade)]

    @property
    def gap_average_total(self) -> Decimal:
        return self.result.total - self.average_total


def _walk(nodes: Iterable[Mapping[str, Any]], depth: int = 0) -> Iterator[tuple[int, Mapping[str, Any]]]:
    for node in nodes or []:
        yield depth, node
        yield from _walk(node.get("children") or [], depth + 1)


def _units(version: FrameworkVersion | None) -> dict[str, str]:
    if version is None:
        return {}
    return {node.code: node.unit or "" for node in version.framework.nodes()}


def _framework_version(result_set: ResultSet, group: str) -> FrameworkVersion | None:
    """The version the result was computed with (its recipe), else the round's pin."""
    pinned = (result_set.recipe.get("frameworks") or {}).get(group) or {}
    if pinned.get("version_id"):
        return FrameworkVersion.objects.filter(pk=pinned["version_id"]).first()
    pin = (RoundFramework.objects.filter(round_id=result_set.round_id, group=group)
           .select_related("framework_version").first())
    return pin.framework_version if pin else None


def _experts_text(experts: Mapping[str, Any] | None) -> str:
    if not experts:
        return ""
    return ", ".join(str(score) for score in experts.get("scores") or [])


def _leaf_value(node: Mapping[str, Any]) -> str:
    if node.get("method") == "yes_no" and node.get("value") is not None:
        return str(_("yes")) if node["value"] else str(_("no"))
    return value_text(node.get("value"))


def _indicators(result: ClusterResult, group_points: list[Mapping[str, str]], units: Mapping[str, str],
                submitted: Mapping[str, Any]) -> list[IndicatorLine]:
    lines = []
    for part in result.explanation.get("parts") or []:
        for depth, node in _walk(part.get("indicators") or []):
            code = node["code"]
            column = [dec(points.get(code, 0)) for points in group_points]
            is_leaf = not node.get("children")
            lines.append(IndicatorLine(
                code=code, name=text(node.get("name")), depth=depth, is_leaf=is_leaf,
                unit="" if node.get("method") == "yes_no" else units.get(code, ""),
                max_points=dec(node.get("max_points")), points=dec(result.node_points.get(code, 0)),
                average=mean(column), best=max(column, default=ZERO),
                value=_leaf_value(node) if is_leaf else "",
                submitted=value_text(submitted.get(code)) if is_leaf else "",
                missing=bool(node.get("missing")), experts=_experts_text(node.get("experts")),
            ))
    return lines


def _parts(result: ClusterResult, group_parts: list[Mapping[str, str]]) -> list[PartLine]:
    out = []
    for part in result.explanation.get("parts") or []:
        code = part["code"]
        column = [dec(scores.get(code, 0)) for scores in group_parts]
        out.append(PartLine(code, text(part.get("name")), dec(part.get("weight")),
                            dec(result.part_scores.get(code, 0)), mean(column), max(column, default=ZERO)))
    return out


def strengths_and_weaknesses(lines: list[IndicatorLine], top: int = TOP
                             ) -> tuple[list[IndicatorLine], list[IndicatorLine]]:
    """The scored indicators furthest above and below the group average, in percentage points of
    their full marks; document order breaks ties."""
    leaves = [line for line in lines if line.is_leaf and line.max_points > 0]
    order = {line.code: i for i, line in enumerate(leaves)}
    above = sorted((x for x in leaves if x.lead > 0), key=lambda x: (-x.lead, order[x.code]))
    below = sorted((x for x in leaves if x.lead < 0), key=lambda x: (x.lead, order[x.code]))
    return above[:top], below[:top]


def priorities(lines: list[IndicatorLine], group_points: list[Mapping[str, Any]],
               points: Mapping[str, Any]) -> list[IndicatorLine]:
    """The indicators a follow-up plan should address first: the plans' own suggestion
    (`plans.rules.suggest_focus`: the lowest shares of full marks, short of full marks)."""
    leaves = [plan_rules.Leaf(x.code, x.name, x.max_points) for x in lines if x.is_leaf and x.max_points > 0]
    codes = plan_rules.suggest_focus(plan_rules.indicator_shares(leaves, points, group_points))
    by_code = {line.code: line for line in lines}
    return [by_code[code] for code in codes]


def _claims(explanation: Mapping[str, Any], kind: str) -> list[Claimed]:
    items = (explanation.get(kind) or {}).get("items") or []
    return [Claimed(text(item.get("name")) or item.get("code", ""), dec(item.get("counted", item.get("accepted"))))
            for item in items]


def _trend(user: User, round_: Round, result: ClusterResult) -> list[TrendPoint]:
    """The cluster's approved results in the scheme's rounds up to this one (the shown result for
    this round), with each year's group average and best total."""
    rows = {row.result_set.round.year: row for row in policy.approved_results_of(user, result.cluster)
            .filter(result_set__round__scheme_id=round_.scheme_id, result_set__round__year__lte=round_.year)}
    rows[round_.year] = result
    sets = {row.result_set_id: row.group for row in rows.values()}
    totals: dict[tuple[int, str], list[Decimal]] = defaultdict(list)
    for set_id, group, total in (policy.comparison_rows(user, list(sets)).order_by()
                                 .values_list("result_set_id", "group", "total")):
        totals[set_id, group].append(total)
    lang = language_key()
    out = []
    for year in sorted(rows):
        row = rows[year]
        column = totals.get((row.result_set_id, row.group)) or [row.total]
        out.append(TrendPoint(year, row.result_set.round.title, row.total, row.rank, row.group_size, row.grade,
                              round_.scheme.group_name(row.group, lang), mean(column), max(column),
                              year == round_.year))
    return out


def shown_result_set(user: User, round_id: int, number: int | None = None) -> ResultSet:
    """The result set a report of the round shows (`policy.result_set_shown`); 404 when the round
    is out of the user's scope or has nothing the user may see."""
    round_ = policy.get_round_for(user, round_id)
    if not policy.can_see_results(user, round_):
        raise Http404
    result_set = policy.result_set_shown(user, round_, number)
    if result_set is None:
        raise Http404
    result_set.round = round_
    return result_set


def cluster_result(user: User, result_set: ResultSet, cluster_id: int) -> ClusterResult:
    """The cluster's row in a visible result set, in the user's scope (404 otherwise)."""
    try:
        return (policy.cluster_results_for(user, result_set)
                .select_related("cluster__core_park", "cluster__promotion_organisation", "result_set__round__scheme")
                .get(cluster_id=cluster_id))
    except (ClusterResult.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def cluster_report(user: User, result: ClusterResult) -> ClusterReport:
    """The diagnosis of one cluster's result (a row fetched through `cluster_result`)."""
    result_set = result.result_set
    round_ = result_set.round
    group_rows = list(policy.comparison_rows(user, [result_set.pk]).filter(group=result.group)
                      .values_list("node_points", "part_scores", "total"))
    if not group_rows:  # cannot happen for a row the user reads; keep the cluster's own figures
        group_rows = [(result.node_points, result.part_scores, result.total)]
    submission = (Submission.objects.filter(round_id=round_.pk, cluster_id=result.cluster_id)
                  .values_list("values", flat=True).first()) or {}
    version = _framework_version(result_set, result.group)
    group_points = [points for points, _, _ in group_rows]
    lines = _indicators(result, group_points, _units(version), submission)
    strengths, weaknesses = strengths_and_weaknesses(lines)
    totals = [total for _, _, total in group_rows]
    return ClusterReport(
        round=round_, result_set=result_set, result=result,
        group_name=round_.scheme.group_name(result.group, language_key()),
        framework_version=str(result.explanation.get("framework_version") or (version.version if version else "")),
        parts=_parts(result, [scores for _, scores, _ in group_rows]), indicators=lines,
        strengths=strengths, weaknesses=weaknesses,
        priorities=priorities(lines, group_points, result.node_points),
        trend=_trend(user, round_, result),
        bonus=_claims(result.explanation, "bonus"), deduction=_claims(result.explanation, "deduction"),
        average_total=mean(totals), best_total=max(totals),
        grade_policy=result.explanation.get("grade_policy") or {},
        stability=(stability_line(round_, result_set, result.cluster_id)
                   if policy.can_see_robustness(user) else None) or None,
    )


# --- the province (or the user's scope) -------------------------------------------------------------

@dataclass
class GroupSummary:
    code: str
    name: str
    size: int
    rows: list[ClusterResult]
    excellent_quota: int
    good_quota: int
    min_size_for_excellent: int

    @property
    def distribution(self) -> dict[str, int]:
        counts = Counter(row.grade for row in self.rows)
        return {grade: counts.get(grade, 0) for grade in GRADES}

    @property
    def small(self) -> bool:
        return self.size > 0 and self.excellent_quota == 0

    @property
    def average_total(self) -> Decimal:
        return mean(row.total for row in self.rows)


@dataclass
class CitySummary:
    city: City
    rows: list[ClusterResult] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.rows)

    @property
    def average_total(self) -> Decimal | None:
        return mean(row.total for row in self.rows) if self.rows else None

    @property
    def grades(self) -> dict[str, int]:
        counts = Counter(row.grade for row in self.rows)
        return {grade: counts.get(grade, 0) for grade in GRADES}

    @property
    def starred(self) -> int:
        return sum(1 for row in self.rows if row.stars)


@dataclass(frozen=True)
class Mover:
    result: ClusterResult
    previous: ClusterResult

    @property
    def delta(self) -> Decimal:
        return self.result.total - self.previous.total

    @property
    def grade_name(self) -> str:
        return grade_name(self.result.grade)

    @property
    def previous_grade_name(self) -> str:
        return grade_name(self.previous.grade)

    @property
    def same_group(self) -> bool:
        return self.result.group == self.previous.group


@dataclass
class SummaryReport:
    round: Round
    result_set: ResultSet
    previous_set: ResultSet | None
    scoped: bool  # False for the province: the whole province
    groups: list[GroupSummary]
    cities: list[CitySummary]
    risers: list[Mover]
    fallers: list[Mover]
    # Grade stability (robustness analysis, clustermon.scoring.robustness): filled once it exists.
    stability: Any = None

    @property
    def rows(self) -> list[ClusterResult]:
        return [row for group in self.groups for row in group.rows]

    @property
    def small_groups(self) -> list[GroupSummary]:
        return [group for group in self.groups if group.small]

    @property
    def distribution(self) -> dict[str, int]:
        counts = Counter(row.grade for row in self.rows)
        return {grade: counts.get(grade, 0) for grade in GRADES}

    @property
    def starred(self) -> int:
        return sum(1 for row in self.rows if row.stars)


def _grade_policy(result_set: ResultSet, group: str) -> scoring.GradePolicy:
    stored = (result_set.recipe.get("grade_policies") or {}).get(group)
    return scoring.GradePolicy.from_dict(stored) if stored else scoring.DEFAULT_GRADE_POLICY


def min_size_for_excellent(grade_policy: scoring.GradePolicy, limit: int = 1000) -> int:
    """The smallest group in which one cluster can be excellent under the policy (5 by default)."""
    for size in range(1, limit + 1):
        if scoring.quota(grade_policy.excellent_share, size, grade_policy.quota_rounding) >= 1:
            return size
    return limit


def _groups(round_: Round, result_set: ResultSet, rows: list[ClusterResult]) -> list[GroupSummary]:
    by_group: dict[str, list[ClusterResult]] = defaultdict(list)
    for row in rows:
        by_group[row.group].append(row)
    lang = language_key()
    codes = [g["code"] for g in round_.scheme.groups]
    codes += sorted(set(by_group) - set(codes))
    out = []
    for code in codes:
        members = sorted(by_group.get(code, []), key=lambda r: (r.rank, r.cluster.name))
        size = members[0].group_size if members else 0
        if not size:
            continue
        grade_policy = _grade_policy(result_set, code)
        out.append(GroupSummary(
            code=code, name=round_.scheme.group_name(code, lang), size=size, rows=members,
            excellent_quota=scoring.quota(grade_policy.excellent_share, size, grade_policy.quota_rounding),
            good_quota=scoring.quota(grade_policy.good_share, size, grade_policy.quota_rounding),
            min_size_for_excellent=min_size_for_excellent(grade_policy)))
    return out


def _cities(round_: Round, rows: list[ClusterResult], scoped: bool) -> list[CitySummary]:
    """Every city of the province (the map shows them all), each with its rows in scope."""
    cities = {city.pk: CitySummary(city) for city in City.objects.filter(province_id=round_.scheme.province_id)}
    for row in rows:
        city = row.cluster.county.city
        cities.setdefault(city.pk, CitySummary(city)).rows.append(row)
    out = sorted(cities.values(), key=lambda c: c.city.code)
    return [c for c in out if c.rows] if scoped else out


def _movers(user: User, round_: Round, rows: list[ClusterResult]
            ) -> tuple[ResultSet | None, list[Mover], list[Mover]]:
    from clustermon.results.actions import previous_result_set

    previous = previous_result_set(round_)
    if previous is None or not policy.can_see_results(user, previous.round):
        return None, [], []
    before = {row.cluster_id: row for row in policy.cluster_results_for(user, previous)}
    moves = [Mover(row, before[row.cluster_id]) for row in rows if row.cluster_id in before]
    risers = sorted((m for m in moves if m.delta > 0), key=lambda m: (-m.delta, m.result.cluster.name))
    fallers = sorted((m for m in moves if m.delta < 0), key=lambda m: (m.delta, m.result.cluster.name))
    return previous, risers[:TOP], fallers[:TOP]


def decorate(rows: Iterable[ClusterResult]) -> list[ClusterResult]:
    """Give result rows their display names (grade_name, label_name, stars_text) for templates."""
    out = []
    for row in rows:
        row.grade_name = grade_name(row.grade)
        row.label_name = label_name(row.label)
        row.stars_text = star_text(row.stars)
        out.append(row)
    return out


def summary_report(user: User, result_set: ResultSet) -> SummaryReport:
    """Rankings, distributions, cities and movers of a visible result set, in the user's scope."""
    round_ = result_set.round
    rows = decorate(policy.cluster_results_for(user, result_set))
    scoped = not policy.is_province(user)
    previous, risers, fallers = _movers(user, round_, rows)
    return SummaryReport(round=round_, result_set=result_set, previous_set=previous, scoped=scoped,
                         groups=_groups(round_, result_set, rows), cities=_cities(round_, rows, scoped),
                         risers=risers, fallers=fallers,
                         stability=(stability_summary(round_, result_set)
                                    if policy.can_see_robustness(user) else None) or None)


# --- raw values as submitted (the Excel export) -----------------------------------------------------

@dataclass(frozen=True)
class RawValue:
    submission: Submission
    code: str
    name: str
    unit: str
    value: Any


def raw_values(user: User, result_set: ResultSet, cluster_ids: Iterable[int]) -> list[RawValue]:
    """The values of the submissions scored in the set, as submitted, indicator by indicator in the
    framework's order (codes the framework does not know come last, sorted)."""
    subs = list(policy.submissions_for(user).filter(round_id=result_set.round_id, cluster_id__in=list(cluster_ids))
                .order_by("group", "cluster__code"))
    versions = {fv.group: fv for fv in FrameworkVersion.objects.filter(
        pk__in=[v.get("version_id") for v in (result_set.recipe.get("frameworks") or {}).values()])}
    nodes: dict[str, list[scoring.Indicator]] = {group: version.framework.leaves()
                                                 for group, version in versions.items()}
    out = []
    for sub in subs:
        values = sub.values or {}
        leaves = nodes.get(sub.group, [])
        known = set()
        for leaf in leaves:
            for code in (leaf.code, leaf.code + "@prev"):
                if code in values:
                    known.add(code)
                    suffix = str(_(" (previous year)")) if code.endswith("@prev") else ""
                    out.append(RawValue(sub, code, text(leaf.name) + suffix, leaf.unit or "", values[code]))
        for code in sorted(set(values) - known):
            out.append(RawValue(sub, code, "", "", values[code]))
    return out
