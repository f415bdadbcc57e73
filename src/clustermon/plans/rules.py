"""The rules of follow-up plans as pure functions (no database): which plan a grade requires
(H-Art.15), how a timetable's milestones are read, when a plan is missing or late, and which
indicators a plan should focus on.

H-Art.15: 对监测结果为优秀等次的集群, 鼓励对标国家、国际一流水平, 编制提升方案, 明确时间表、路线图 …
监测结果为良好和合格的 … 要对照监测指标结论制定针对性的培育提升方案 … 监测结果为不合格等次的 … 要对照
监测指标结论制定整改方案进行整改.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from clustermon.plans.models import PlanKind

# --- which plan ------------------------------------------------------------------------------------

KIND_OF_GRADE: dict[str, PlanKind] = {
    "excellent": PlanKind.IMPROVEMENT,
    "good": PlanKind.CULTIVATION,
    "qualified": PlanKind.CULTIVATION,
    "unqualified": PlanKind.RECTIFICATION,
}


def kind_for_grade(grade: str) -> PlanKind:
    """The plan a published grade requires (H-Art.15). ValueError for anything but the four grades."""
    try:
        return KIND_OF_GRADE[str(grade)]
    except KeyError:
        raise ValueError(f"no plan is defined for the grade {grade!r}") from None


# What the grade requires, in the user's language (the Chinese follows H-Art.15's wording) …
REQUIREMENT_TEXT: dict[str, object] = {
    PlanKind.IMPROVEMENT: _("Benchmark against the national and international first-class level and draw "
                            "up an improvement plan with a clear timetable and roadmap."),
    PlanKind.CULTIVATION: _("Against the conclusions of the monitoring indicators, draw up a targeted "
                            "cultivation improvement plan."),
    PlanKind.RECTIFICATION: _("Against the conclusions of the monitoring indicators, draw up a rectification "
                              "plan and carry out the rectification."),
}
# … and the notice's own sentence, quoted as published (not translated).
ARTICLE_15: dict[str, str] = {
    PlanKind.IMPROVEMENT: "对监测结果为优秀等次的集群，鼓励对标国家、国际一流水平，编制提升方案，明确时间表、路线图，"
                          "给予要素支持，加力向国家级、世界级产业集群迈进。",
    PlanKind.CULTIVATION: "监测结果为良好和合格的产业集群和产业集群培育对象，要对照监测指标结论制定针对性的培育提升方案，"
                          "加大要素支持力度，促进集群实力提升。",
    PlanKind.RECTIFICATION: "监测结果为不合格等次的产业集群和产业集群培育对象，要对照监测指标结论制定整改方案进行整改。",
}


def requires_timetable(kind: str) -> bool:
    """Only the improvement plan must state a timetable and a roadmap (明确时间表、路线图)."""
    return kind == PlanKind.IMPROVEMENT


def requires_focus(kind: str) -> bool:
    """Cultivation and rectification plans are drawn up against the indicator conclusions
    (对照监测指标结论): they name at least one focus indicator."""
    return kind in (PlanKind.CULTIVATION, PlanKind.RECTIFICATION)


# --- timetable ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Milestone:
    """One line of a timetable: the date it is due (a month means its last day) and what."""

    line: int
    day: dt.date
    by_month: bool
    text: str

    @property
    def date_text(self) -> str:
        return self.day.strftime("%Y-%m") if self.by_month else self.day.isoformat()


class TimetableError(ValueError):
    """The timetable has lines that are not dated milestones; `problems` lists them."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(" ".join(problems))
        self.problems = problems


_DATED = re.compile(
    r"^\s*(?:(?P<y>\d{4})\s*[-/.]\s*(?P<m>\d{1,2})(?:\s*[-/.]\s*(?P<d>\d{1,2}))?"
    r"|(?P<cy>\d{4})\s*年\s*(?P<cm>\d{1,2})\s*月(?:\s*(?P<cd>\d{1,2})\s*日)?)"
    r"(?P<rest>.*)$"
)
_SEPARATORS = " \t:：,，、;；-–—"


def parse_milestones(text: str) -> list[Milestone]:
    """The milestones of a timetable, one per non-blank line, each starting with its date:
    `2026-09-30 …`, `2026/9/30 …`, `2026-09 …` (the month's last day), `2026年9月30日 …` or
    `2026年9月 …`, followed by what is due. TimetableError listing every bad line otherwise."""
    milestones: list[Milestone] = []
    problems: list[str] = []
    for number, raw in enumerate((text or "").splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        match = _DATED.match(line)
        if match is None:
            problems.append(gettext("Line %(n)s does not start with a date (e.g. 2026-09-30): %(line)s")
                            % {"n": number, "line": line[:60]})
            continue
        year = int(match["y"] or match["cy"])
        month = int(match["m"] or match["cm"])
        day_text = match["d"] or match["cd"]
        try:
            by_month = day_text is None
            day = int(day_text) if day_text else calendar.monthrange(year, month)[1]
            when = dt.date(year, month, day)
        except (ValueError, calendar.IllegalMonthError):
            problems.append(gettext("Line %(n)s has no valid date: %(line)s") % {"n": number, "line": line[:60]})
            continue
        what = match["rest"].strip(_SEPARATORS)
        if not what:
            problems.append(gettext("Line %(n)s gives a date but not what is due by then.") % {"n": number})
            continue
        milestones.append(Milestone(number, when, by_month, what))
    if problems:
        raise TimetableError(problems)
    return milestones


# --- missing and late -----------------------------------------------------------------------------

def is_missing(first_submitted_on: dt.date | None) -> bool:
    """No version has been handed in yet (a draft does not count)."""
    return first_submitted_on is None


def days_late(due: dt.date, first_submitted_on: dt.date | None, today: dt.date) -> int:
    """Days past the due date: of the first hand-in, or (never handed in) of today. The due date
    is the last day that is on time; later versions after a return do not make a plan late."""
    end = first_submitted_on if first_submitted_on is not None else today
    return max(0, (end - due).days)


def is_late(due: dt.date, first_submitted_on: dt.date | None, today: dt.date) -> bool:
    """Handed in after the due date, or still missing once it has passed."""
    return days_late(due, first_submitted_on, today) > 0


# --- focus indicators -------------------------------------------------------------------------------

SUGGESTED_FOCUS = 3


@dataclass(frozen=True)
class Leaf:
    code: str
    name: str
    available: Decimal


@dataclass(frozen=True)
class IndicatorShare:
    """A leaf indicator: the points the cluster obtained of those available, and the mean share of
    the clusters of its group in the same results."""

    code: str
    name: str
    points: Decimal
    available: Decimal
    share: Decimal
    group_share: Decimal | None

    @property
    def gap(self) -> Decimal:
        return self.share - self.group_share if self.group_share is not None else Decimal(0)

    @property
    def percent(self) -> Decimal:
        return (self.share * 100).quantize(Decimal("0.1"))

    @property
    def group_percent(self) -> Decimal | None:
        return (self.group_share * 100).quantize(Decimal("0.1")) if self.group_share is not None else None


def _decimal(value: object) -> Decimal | None:
    try:
        return Decimal(str(value)) if value not in (None, "") else None
    except InvalidOperation:
        return None


def _text(names: object, lang: str) -> str:
    if isinstance(names, Mapping):
        return str(names.get(lang) or names.get("zh") or next(iter(names.values()), ""))
    return str(names or "")


def leaves_of(document: Mapping | None, lang: str = "zh") -> list[Leaf]:
    """The scored leaves of a stored framework document, in the document's order."""
    out: list[Leaf] = []

    def walk(nodes: Iterable[Mapping]) -> None:
        for node in nodes:
            children = node.get("children") or []
            if children:
                walk(children)
                continue
            available = _decimal(node.get("points"))
            if available and available > 0:
                out.append(Leaf(str(node["code"]), _text(node.get("name"), lang), available))

    for part in (document or {}).get("parts", []):
        walk(part.get("indicators", []))
    return out


def indicator_shares(leaves: Sequence[Leaf], points: Mapping[str, object],
                     group: Sequence[Mapping[str, object]]) -> list[IndicatorShare]:
    """Each leaf's share of its available points, weakest first: by share, then by how far it
    lies below the group's mean share, then by code. `group` is the `node_points` of every
    cluster of the group (the cluster's own included)."""
    rows = []
    for leaf in leaves:
        got = _decimal(points.get(leaf.code))
        if got is None:
            continue
        others = [v for v in (_decimal(g.get(leaf.code)) for g in group) if v is not None]
        group_share = (sum(others, Decimal(0)) / len(others) / leaf.available) if others else None
        rows.append(IndicatorShare(leaf.code, leaf.name, got, leaf.available, got / leaf.available, group_share))
    return sorted(rows, key=lambda r: (r.share, r.gap, r.code))


def suggest_focus(shares: Sequence[IndicatorShare], n: int = SUGGESTED_FOCUS) -> list[str]:
    """The codes of the `n` weakest indicators (see `indicator_shares`) that did not get full points."""
    return [row.code for row in shares if row.share < 1][:n]
