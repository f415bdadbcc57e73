"""Prompts for reviewers from the enterprise lists of a round.

- duplicate: the same enterprise (credit code) is listed by two or more clusters of the round;
- ratio:     a figure above `jump_ratio` times (or below 1/`jump_ratio` of) last year's;
- spread:    growth far from the cluster's other enterprises (robust z, see `aggregate.jumps`);
- totals:    a value the list feeds differs from the list's total (changed by hand afterwards).

`flags_for_round(round_)` → {submission id: [Flag, …]} in a fixed number of queries, for the
review lists (a Flag prints as its message). With `viewer`, clusters outside the viewer's scope
are not named. Flags are a prompt to look, never a verdict.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from clustermon import policy
from clustermon.enterprises import aggregate
from clustermon.enterprises.models import EnterpriseFigure
from clustermon.registry.models import Cluster
from clustermon.submissions import queries
from clustermon.submissions.models import Submission
from clustermon.submissions.validation import format_number, localized, parse_number

if TYPE_CHECKING:
    from clustermon.accounts.models import User
    from clustermon.rounds.models import Round
    from clustermon.scoring import EnterpriseData

DUPLICATE, RATIO, SPREAD, TOTALS = "duplicate", "ratio", "spread", "totals"
PREV = "@prev"


@dataclass(frozen=True)
class Flag:
    kind: str
    text: str
    credit_code: str = ""
    field: str = ""

    def __str__(self) -> str:
        return self.text


@dataclass
class _Listing:
    submission_id: int
    cluster_id: int
    cluster_name: str
    rows: list[aggregate.Row]


def _listings(figures: Iterable[tuple]) -> dict[int, _Listing]:
    out: dict[int, _Listing] = {}
    for sid, cid, cname, code, name, current, previous in figures:
        listing = out.setdefault(sid, _Listing(sid, cid, cname, []))
        listing.rows.append(aggregate.Row(code, name, current or {}, previous or {}))
    return out


FIGURE_COLUMNS = ("submission_id", "submission__cluster_id", "submission__cluster__name",
                  "enterprise__credit_code", "enterprise__name", "current", "previous")


def flags_for_round(round_: Round, *, viewer: User | None = None) -> dict[int, list[Flag]]:
    """{submission id: flags} for every submission of the round with an enterprise list."""
    frameworks = queries.frameworks_for_round(round_)
    figures = (EnterpriseFigure.objects.filter(submission__round=round_)
               .order_by("submission_id", "position", "id").values_list(*FIGURE_COLUMNS))
    listings = _listings(figures)
    if not listings:
        return {}
    subs: dict[int, str] = {}
    values: dict[int, dict] = {}
    for pk, group, entered in Submission.objects.filter(pk__in=list(listings)).values_list("pk", "group", "values"):
        subs[pk], values[pk] = group, entered or {}
    visible = _visible(viewer)
    by_code: dict[str, list[_Listing]] = defaultdict(list)
    for listing in listings.values():
        for code in {row.code for row in listing.rows}:
            by_code[code].append(listing)
    out: dict[int, list[Flag]] = {}
    for sid, listing in listings.items():
        framework = frameworks.get(subs.get(sid, ""))
        spec = framework.enterprise_data if framework is not None else None
        flags = _duplicates(listing, by_code, visible)
        if spec is not None:
            flags += _jumps(spec, listing.rows) + _totals(spec, framework, listing.rows, values.get(sid) or {})
        if flags:
            out[sid] = flags
    return out


def flags_for_submission(submission: Submission, *, viewer: User | None = None) -> list[Flag]:
    """The flags of one submission (its rows, and other listings of its enterprises in the round)."""
    figures = list(EnterpriseFigure.objects.filter(submission=submission).order_by("position", "id")
                   .values_list(*FIGURE_COLUMNS))
    if not figures:
        return []
    codes = [f[3] for f in figures]
    others = (EnterpriseFigure.objects.filter(submission__round_id=submission.round_id, enterprise__credit_code__in=codes)
              .exclude(submission=submission).order_by("submission_id").values_list(*FIGURE_COLUMNS))
    listings = _listings([*figures, *others])
    by_code: dict[str, list[_Listing]] = defaultdict(list)
    for listing in listings.values():
        for code in {row.code for row in listing.rows}:
            by_code[code].append(listing)
    listing = listings[submission.pk]
    flags = _duplicates(listing, by_code, _visible(viewer))
    framework = queries.framework_for(submission)
    spec = framework.enterprise_data if framework is not None else None
    if spec is not None:
        flags += _jumps(spec, listing.rows) + _totals(spec, framework, listing.rows, submission.values or {})
    return flags


def _visible(viewer: User | None) -> set[int] | None:
    """Cluster ids the viewer may see named; None for no restriction."""
    if viewer is None:
        return None
    return set(Cluster.objects.filter(policy.cluster_scope(viewer)).values_list("pk", flat=True))


def _duplicates(listing: _Listing, by_code: Mapping[str, list[_Listing]], visible: set[int] | None) -> list[Flag]:
    flags = []
    for row in listing.rows:
        others = [o for o in by_code.get(row.code, []) if o.submission_id != listing.submission_id]
        if not others:
            continue
        names = [o.cluster_name if visible is None or o.cluster_id in visible else _("a cluster outside your area")
                 for o in others]
        flags.append(Flag(DUPLICATE, _("%(enterprise)s (%(code)s) is also listed by %(clusters)s.") % {
            "enterprise": row.name, "code": row.code, "clusters": "、".join(names)}, row.code))
    return flags


def _jumps(spec: EnterpriseData, rows: list[aggregate.Row]) -> list[Flag]:
    flags = []
    for jump in aggregate.jumps(spec, rows):
        row = rows[jump.row]
        unit = jump.field.unit or ""
        args = {"enterprise": row.name, "field": localized(jump.field.name),
                "now": f"{format_number(jump.current)}{unit}", "prev": f"{format_number(jump.previous)}{unit}"}
        if jump.kind == "ratio":
            text = _("%(enterprise)s: %(field)s is %(now)s against %(prev)s last year (×%(ratio)s).") % {
                **args, "ratio": f"{jump.ratio:.2f}"}
        else:
            text = _("%(enterprise)s: %(field)s moved by %(rate)s%% (%(prev)s → %(now)s), far from the "
                     "cluster's other enterprises.") % {**args, "rate": f"{(jump.ratio - 1) * 100:+.1f}"}
        flags.append(Flag(RATIO if jump.kind == "ratio" else SPREAD, text, row.code, jump.field.code))
    return flags


def _totals(spec: EnterpriseData, framework: Any, rows: list[aggregate.Row], values: Mapping[str, Any]) -> list[Flag]:
    flags = []
    for target, total in aggregate.totals(spec, rows).items():
        if total == "":
            continue
        entered = parse_number(values.get(target))
        if entered is not None and entered == Decimal(total):
            continue
        code = target.removesuffix(PREV)
        try:
            name = localized(framework.indicator(code).name)
        except KeyError:
            name = code
        label = name if target == code else _("%(indicator)s, last year") % {"indicator": name}
        shown = format_number(entered) if entered is not None else _("empty")
        flags.append(Flag(TOTALS, _("%(indicator)s is %(value)s but the enterprise list adds up to %(total)s.") % {
            "indicator": label, "value": shown, "total": total}, field=target))
    return flags

