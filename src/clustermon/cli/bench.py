"""`clustermon bench scoring --clusters N [--seed S]`: time the scoring core on a synthetic round.
`clustermon bench robustness --clusters N --draws D`: time the Monte Carlo analysis of grades.

N clusters are spread over the groups of a scheme (by default the one `schemes/defaults.yaml` names);
every leaf gets random raw values that suit its method (values, last year's values, five
experts' scores), some values are left missing and some bonus and deduction items are accepted.
Two consecutive years are scored; the timed part runs from raw values to totals, ranks, grades,
stars and labels. The last line printed is JSON with at least `clusters` and `seconds`.

`bench robustness` builds N clusters of one group the same way (default `provincial_amc`) and
times `monte_carlo` with D draws (raw values to shares included); the indicator influence,
correlations and one what-if are timed too and reported alongside. The last line is JSON with
at least `clusters`, `draws` and `seconds`.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import time
from typing import Any

import numpy as np
from django.utils.translation import gettext as _

from clustermon.scoring import (
    METHODS,
    Framework,
    FrameworkError,
    GroupInputs,
    GroupResult,
    Indicator,
    Scheme,
    benchmark_scheme,
    grade_part,
    indicator_correlations,
    indicator_influence,
    load_scheme,
    monte_carlo,
    rate_pairs,
    score_group,
    what_if,
)

EXIT_OK, EXIT_BAD_INPUT = 0, 2
EXPERTS = 5
MISSING_SHARE = 0.01  # one value in a hundred left empty, as D9 allows


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("bench", help=_("time the scoring core on synthetic data"))
    what = parser.add_subparsers(dest="bench", required=True)
    scoring = what.add_parser(
        "scoring",
        help=_("score a synthetic round of N clusters over two years"),
        description=_(
            "Build a synthetic round of N clusters spread over the groups of a scheme, with "
            "random raw values, and time scoring, ranking, grading, stars and labels."
        ),
    )
    scoring.add_argument(
        "--clusters",
        type=int,
        default=10_000,
        metavar="N",
        help=_("number of clusters (default 10000)"),
    )
    scoring.add_argument(
        "--seed", type=int, default=2025, metavar="S", help=_("random seed (default 2025)")
    )
    scoring.add_argument(
        "--scheme",
        default=None,
        metavar="SCHEME",
        help=_("scheme code or folder (default: the benchmark scheme of schemes/defaults.yaml)"),
    )
    scoring.set_defaults(func=run)

    robustness = what.add_parser(
        "robustness",
        help=_("time the Monte Carlo analysis of grades on N synthetic clusters of one group"),
        description=_(
            "Build N synthetic clusters of one group of a scheme and time the Monte Carlo "
            "analysis of their ranks and grades under perturbed weights and expert aggregations."
        ),
    )
    robustness.add_argument(
        "--clusters", type=int, default=300, metavar="N", help=_("number of clusters (default 300)")
    )
    robustness.add_argument(
        "--draws", type=int, default=1000, metavar="D", help=_("Monte Carlo draws (default 1000)")
    )
    robustness.add_argument(
        "--weight-range",
        type=float,
        default=0.2,
        metavar="R",
        help=_("each weight is perturbed within ±R (default 0.2)"),
    )
    robustness.add_argument(
        "--seed", type=int, default=2025, metavar="S", help=_("random seed (default 2025)")
    )
    robustness.add_argument(
        "--scheme",
        default=None,
        metavar="SCHEME",
        help=_("scheme code or folder (default: the benchmark scheme of schemes/defaults.yaml)"),
    )
    robustness.add_argument(
        "--group",
        default="provincial_amc",
        metavar="GROUP",
        help=_("group of the scheme (default provincial_amc)"),
    )
    robustness.set_defaults(func=run_robustness)


# ------------------------------------------------------------------------ synthetic inputs


def _bounds(leaf: Indicator) -> tuple[float, float]:
    """A range of plausible raw values for a leaf, from its params (or min/max)."""
    p = leaf.params
    if leaf.method == "linear":
        lo, hi = sorted((float(p["floor"]), float(p["target"])))
    elif leaf.method == "tiers":
        key = "max" if p.get("direction") == "lower" else "min"
        edges = [float(t[key]) for t in p["tiers"]]
        lo, hi = min(edges), max(edges)
    elif leaf.method == "count":
        lo, hi = 0.0, float(leaf.points) / float(p["per_item"])
    else:
        lo = float(leaf.min) if leaf.min is not None else 0.0
        hi = float(leaf.max) if leaf.max is not None else 100.0
        hi = min(hi, max(lo + 1.0, 10.0 * (abs(lo) + 1.0)))  # keep ratios meaningful
    span = (hi - lo) or 1.0
    return lo - 0.25 * span, hi + 0.25 * span


def _values(leaf: Indicator, quality: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Values that follow each cluster's latent quality (0..1) with some noise, a few missing."""
    n = quality.size
    level = np.clip(quality + rng.normal(0, 0.15, n), -0.2, 1.2)
    if leaf.method == "yes_no":
        out = (rng.random(n) < quality).astype(float)
    else:
        lo, hi = _bounds(leaf)
        if leaf.method in ("relative_to_best", "rank", "growth"):
            lo = max(lo, 0.0)  # ratios and growth rates need positive values
        lower_is_better = leaf.params.get("direction") == "lower" or (
            leaf.method == "linear" and leaf.params["floor"] > leaf.params["target"]
        )
        out = (hi - level * (hi - lo)) if lower_is_better else (lo + level * (hi - lo))
        if leaf.method == "count":
            out = np.floor(out.clip(0))
    out[rng.random(n) < MISSING_SHARE] = np.nan
    return out


def _experts(leaf: Indicator, quality: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """clusters × experts scores following quality, a few blanks; letters for expert_grade."""
    n = quality.size
    level = np.clip(quality[:, None] + rng.normal(0, 0.15, (n, EXPERTS)), 0, 1)
    blank = rng.random((n, EXPERTS)) < MISSING_SHARE
    if METHODS[leaf.method].letter_input:  # type: ignore[index]
        grades = leaf.params.get("grades", {"A": 1.0, "B": 0.8, "C": 0.6, "D": 0.3})
        letters = np.array(sorted(grades, key=grades.get), dtype=object)  # worst to best
        out = letters[np.minimum((level * len(letters)).astype(int), len(letters) - 1)]
        out[blank] = ""
        return out
    out = (level * float(leaf.points)).round(1)
    out[blank] = np.nan
    return out


def _claims(items: Any, n: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
    # About one cluster in ten has an item accepted, sometimes above the item's maximum.
    return {
        item.code: np.where(
            rng.random(n) < 0.1, rng.uniform(0, 1.5 * float(item.max_points), n), 0.0
        )
        for item in items
    }


def _year(
    framework: Framework,
    ids: list[str],
    quality: np.ndarray,
    rng: np.random.Generator,
    prev: GroupInputs | None,
) -> GroupInputs:
    n = len(ids)
    values: dict[str, np.ndarray] = {}
    experts: dict[str, np.ndarray] = {}
    for leaf in framework.leaves():
        spec = METHODS[leaf.method]  # type: ignore[index]
        if spec.experts:
            experts[leaf.code] = _experts(leaf, quality, rng)
            continue
        values[leaf.code] = _values(leaf, quality, rng)
        if spec.uses_prev:
            last = prev.values.get(leaf.code) if prev is not None else None
            if last is None:  # first year: last year's value a little below this year's
                last = values[leaf.code] / (1 + rng.uniform(-0.05, 0.25, n))
            values[leaf.code + "@prev"] = last
    return GroupInputs(
        ids,
        values,
        experts,
        _claims(framework.bonus.items, n, rng),
        _claims(framework.deduction.items, n, rng),
    )


def synthetic_round(scheme: Scheme, clusters: int, seed: int) -> list[dict[str, GroupInputs]]:
    """Two years of inputs, {group: GroupInputs}, clusters spread evenly over the groups.

    Each cluster has a latent quality (Beta(4, 2), drifting a little between the years) that
    all its values follow, so grades, stars and labels come out in plausible proportions.
    """
    rng = np.random.default_rng(seed)
    groups = list(scheme.frameworks)
    sizes = [clusters // len(groups) + (i < clusters % len(groups)) for i in range(len(groups))]
    years: list[dict[str, GroupInputs]] = [{}, {}]
    for group, size in zip(groups, sizes, strict=True):
        ids = [f"{group}-{k:05d}" for k in range(size)]
        quality = rng.beta(4, 2, size)
        first = _year(scheme.frameworks[group], ids, quality, rng, None)
        drift = np.clip(quality + rng.normal(0, 0.08, size), 0, 1)
        years[0][group] = first
        years[1][group] = _year(scheme.frameworks[group], ids, drift, rng, first)
    return years


def synthetic_group(scheme: Scheme, group: str, clusters: int, seed: int) -> GroupInputs:
    """N clusters of one group, built as `synthetic_round` builds them (its second year, so
    growth leaves have last year's values)."""
    one = dataclasses.replace(scheme, frameworks={group: scheme.framework(group)})
    return synthetic_round(one, clusters, seed)[1][group]


# ------------------------------------------------------------------------------ timed core


def score_two_years(
    scheme: Scheme, years: list[dict[str, GroupInputs]]
) -> tuple[list[dict[str, GroupResult]], dict[str, Any]]:
    """Score both years and rate every cluster: the part the benchmark times."""
    results = [
        {group: score_group(scheme.frameworks[group], inputs) for group, inputs in year.items()}
        for year in years
    ]
    policy = scheme.rating_policy
    ratings: dict[str, Any] = {}
    for group in scheme.frameworks:
        before, now = results[0][group], results[1][group]
        prev = dict(zip(before.cluster_ids, before.grades, strict=True))
        curr = dict(zip(now.cluster_ids, now.grades, strict=True))
        extra = {}
        if policy.labels and policy.label_basis == "activity":
            extra = {
                "prev_label_grades": dict(
                    zip(
                        before.cluster_ids,
                        grade_part(before, policy.activity_part).grades,
                        strict=True,
                    )
                ),
                "curr_label_grades": dict(
                    zip(now.cluster_ids, grade_part(now, policy.activity_part).grades, strict=True)
                ),
            }
        ratings.update(rate_pairs(prev, curr, policy, **extra))
    return results, ratings


def _scheme(code: str) -> Scheme | None:
    try:
        return load_scheme(code)
    except FrameworkError as exc:
        print(_("The scheme %(scheme)s cannot be loaded:") % {"scheme": code}, file=sys.stderr)
        for issue in exc.issues:
            print(f"  {issue}", file=sys.stderr)
        return None


def run(args: argparse.Namespace) -> int:
    if args.clusters < 1:
        print(_("--clusters must be at least 1"), file=sys.stderr)
        return EXIT_BAD_INPUT
    scheme = _scheme(args.scheme or benchmark_scheme())
    if scheme is None:
        return EXIT_BAD_INPUT
    build_start = time.perf_counter()
    years = synthetic_round(scheme, args.clusters, args.seed)
    build = time.perf_counter() - build_start
    start = time.perf_counter()
    results, ratings = score_two_years(scheme, years)
    seconds = time.perf_counter() - start

    leaves = {group: len(fw.leaves()) for group, fw in scheme.frameworks.items()}
    grades: dict[str, int] = {}
    for result in results[1].values():
        for grade in result.grades:
            grades[str(grade)] = grades.get(str(grade), 0) + 1
    star_counts: dict[str, int] = {}
    label_counts: dict[str, int] = {}
    for rating in ratings.values():
        if rating.stars is not None:
            star_counts[str(rating.stars)] = star_counts.get(str(rating.stars), 0) + 1
        if rating.label is not None:
            label_counts[str(rating.label)] = label_counts.get(str(rating.label), 0) + 1

    print(
        _(
            "Scheme %(scheme)s: %(clusters)d clusters in %(groups)d groups, %(leaves)s leaf indicators, "
            "2 years (seed %(seed)d)"
        )
        % {
            "scheme": scheme.code,
            "clusters": args.clusters,
            "groups": len(leaves),
            "leaves": "/".join(str(v) for v in leaves.values()),
            "seed": args.seed,
        }
    )
    print(_("Synthetic inputs built in %(seconds).3f s (not timed)") % {"seconds": build})
    print(_("Scored, ranked, graded and rated in %(seconds).3f s") % {"seconds": seconds})
    print(
        _("Grades of the second year: %(grades)s") % {"grades": json.dumps(grades, sort_keys=True)}
    )
    print(
        _("Stars: %(stars)s; labels: %(labels)s")
        % {
            "stars": json.dumps(star_counts, sort_keys=True),
            "labels": json.dumps(label_counts, sort_keys=True),
        }
    )
    print(
        json.dumps(
            {
                "clusters": args.clusters,
                "seconds": round(seconds, 4),
                "seed": args.seed,
                "scheme": scheme.code,
                "groups": len(leaves),
                "leaves": leaves,
                "years": 2,
                "build_seconds": round(build, 4),
                "grades": grades,
                "stars": star_counts,
                "labels": label_counts,
            },
            sort_keys=True,
        )
    )
    return EXIT_OK


def run_robustness(args: argparse.Namespace) -> int:
    if args.clusters < 1 or args.draws < 1:
        print(_("--clusters and --draws must be at least 1"), file=sys.stderr)
        return EXIT_BAD_INPUT
    if not 0 <= args.weight_range < 1:
        print(_("--weight-range must be at least 0 and below 1"), file=sys.stderr)
        return EXIT_BAD_INPUT
    scheme = _scheme(args.scheme or benchmark_scheme())
    if scheme is None:
        return EXIT_BAD_INPUT
    if args.group not in scheme.frameworks:
        print(
            _("The scheme %(scheme)s has no group %(group)s; groups: %(groups)s")
            % {"scheme": scheme.code, "group": args.group, "groups": ", ".join(scheme.frameworks)},
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    framework = scheme.framework(args.group)
    build_start = time.perf_counter()
    inputs = synthetic_group(scheme, args.group, args.clusters, args.seed)
    build = time.perf_counter() - build_start

    start = time.perf_counter()
    analysis = monte_carlo(
        framework, inputs, draws=args.draws, weight_range=args.weight_range, seed=args.seed
    )
    seconds = time.perf_counter() - start

    start = time.perf_counter()
    influence = indicator_influence(framework, inputs)
    correlations = indicator_correlations(framework, inputs)
    influence_seconds = time.perf_counter() - start

    # One what-if: the unstable (or else the first) non-excellent cluster, on the first leaf
    # whose method is linear.
    leaf = next((x.code for x in framework.leaves() if x.method == "linear"), None)
    candidates = [
        line.cluster_id for line in analysis.clusters() if str(line.official_grade) != "excellent"
    ]
    unstable = set(analysis.unstable_ids())
    chosen = next((c for c in candidates if c in unstable), candidates[0] if candidates else None)
    what_if_seconds = None
    if leaf is not None and chosen is not None:
        start = time.perf_counter()
        what_if(framework, inputs, chosen, leaf)
        what_if_seconds = time.perf_counter() - start

    grades: dict[str, int] = {}
    for grade in analysis.official_grades:
        grades[str(grade)] = grades.get(str(grade), 0) + 1
    unstable_by_grade: dict[str, int] = {}
    for line in analysis.clusters():
        if line.unstable:
            key = str(line.official_grade)
            unstable_by_grade[key] = unstable_by_grade.get(key, 0) + 1
    redundant = sum(
        1 for block in correlations for pair in block.pairs if "redundant" in pair.flags
    )
    contrary = sum(1 for block in correlations for pair in block.pairs if "contrary" in pair.flags)
    top = max(influence, key=lambda x: x.mean_abs_rank_shift or 0.0)

    print(
        _(
            "Scheme %(scheme)s, group %(group)s: %(clusters)d clusters, %(leaves)d leaf "
            "indicators, %(draws)d draws, weights ±%(range)s (seed %(seed)d)"
        )
        % {
            "scheme": scheme.code,
            "group": args.group,
            "clusters": args.clusters,
            "leaves": len(framework.leaves()),
            "draws": args.draws,
            "range": f"{args.weight_range:.0%}",
            "seed": args.seed,
        }
    )
    print(_("Synthetic inputs built in %(seconds).3f s (not timed)") % {"seconds": build})
    print(_("Monte Carlo of ranks and grades in %(seconds).3f s") % {"seconds": seconds})
    print(
        _("Indicator influence and correlations in %(seconds).3f s")
        % {"seconds": influence_seconds}
    )
    if what_if_seconds is not None:
        print(_("One what-if in %(seconds).3f s") % {"seconds": what_if_seconds})
    print(
        _("Official grades: %(grades)s; unstable: %(unstable)s")
        % {
            "grades": json.dumps(grades, sort_keys=True),
            "unstable": json.dumps(unstable_by_grade, sort_keys=True),
        }
    )
    print(
        _(
            "Most influential leaf: %(code)s (mean rank shift %(shift).2f); %(redundant)d redundant and %(contrary)d contrary pairs"
        )
        % {
            "code": top.code,
            "shift": top.mean_abs_rank_shift or 0.0,
            "redundant": redundant,
            "contrary": contrary,
        }
    )
    print(
        json.dumps(
            {
                "clusters": args.clusters,
                "draws": args.draws,
                "seconds": round(seconds, 4),
                "seed": args.seed,
                "scheme": scheme.code,
                "group": args.group,
                "leaves": len(framework.leaves()),
                "weight_range": args.weight_range,
                "build_seconds": round(build, 4),
                "influence_seconds": round(influence_seconds, 4),
                "what_if_seconds": None if what_if_seconds is None else round(what_if_seconds, 4),
                "grades": grades,
                "unstable": len(unstable),
            },
            sort_keys=True,
        )
    )
    return EXIT_OK
