"""Outliers across a group, for reviewers: robust z-scores that suit skewed economic data.

Revenue, investment and enterprise counts are right-skewed (roughly log-normal): a plain
mean ± 2 SD flags the ordinary large clusters and, pulled by one extreme value, can miss a real
error. Here, per quantitative indicator and group:

1. Scale. When every value is positive the values are compared on the log scale (ratios, not
   differences: a cluster twice the median is as unusual as one half of it); when a value is zero
   or negative (growth rates, counts with zeros) on the original scale.
2. Modified z-score (Iglewicz and Hoaglin): z = 0.6745 · (x − median) / MAD, where MAD is the
   median absolute deviation from the median.
3. MAD = 0 (more than half the values equal): z = (x − median) / (1.253314 · MeanAD), with the
   mean absolute deviation from the median; if that is 0 as well all values are equal: no flag.
4. Flag |z| > 3.5. Groups with fewer than 5 values are not assessed.

Flags are a prompt to look, never a verdict: the reviewer checks the value and its evidence.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import numpy as np

from clustermon.submissions.validation import QUANTITATIVE, Field, fields_of, parse_number

if TYPE_CHECKING:
    from clustermon.rounds.models import Round
    from clustermon.scoring.framework import Framework

THRESHOLD = 3.5
MIN_GROUP = 5
MAD_K = 0.6745  # Φ⁻¹(0.75): makes MAD consistent with the SD of a normal sample
MEANAD_K = 1.253314  # √(π/2): the same for the mean absolute deviation


@dataclass(frozen=True)
class Assessment:
    """One indicator across one group: the scale used, the centre and spread, z per value."""

    scale: str  # log | linear | none (too few values)
    method: str  # mad | meanad | equal | too_few
    median: float | None  # on the original scale
    z: np.ndarray  # NaN where the value is missing
    flagged: np.ndarray  # bool


def robust_z(y: np.ndarray) -> tuple[np.ndarray, str]:
    """Modified z-scores of finite `y` and the spread used (mad, meanad or equal)."""
    median = np.median(y)
    dev = np.abs(y - median)
    mad = np.median(dev)
    if mad > 0:
        return MAD_K * (y - median) / mad, "mad"
    mean_ad = np.mean(dev)
    if mean_ad > 0:
        return (y - median) / (MEANAD_K * mean_ad), "meanad"
    return np.zeros_like(y), "equal"


def assess(values: Sequence[float | None], threshold: float = THRESHOLD,
           min_group: int = MIN_GROUP) -> Assessment:
    """Assess one indicator's values across a group (None or NaN for missing)."""
    x = np.array([np.nan if v is None else float(v) for v in values], dtype=float)
    present = np.isfinite(x)
    z = np.full(x.shape, np.nan)
    if present.sum() < min_group:
        return Assessment("none", "too_few", None, z, np.zeros(x.shape, dtype=bool))
    data = x[present]
    log = bool(np.all(data > 0))
    y = np.log(data) if log else data
    z[present], method = robust_z(y)
    flagged = np.zeros(x.shape, dtype=bool)
    flagged[present] = np.abs(z[present]) > threshold
    return Assessment("log" if log else "linear", method, float(np.median(data)), z, flagged)


def mean_sd_flags(values: Sequence[float], k: float = 2.0) -> np.ndarray:
    """The plain mean ± k·SD rule, kept only to show in tests why it is not used."""
    x = np.asarray(values, dtype=float)
    return np.abs(x - x.mean()) > k * x.std(ddof=1)


def _assessments(framework: Framework, rows: list[tuple[int, Mapping[str, Any]]]
                 ) -> Iterator[tuple[Field, list[Decimal | None], Assessment]]:
    """Each quantitative leaf with the group's parsed values and their assessment."""
    for f in fields_of(framework):
        if f.kind != QUANTITATIVE:
            continue
        numbers = [parse_number(values.get(f.code)) for _, values in rows]
        yield f, numbers, assess([None if n is None else float(n) for n in numbers])


def flags_for_group(framework: Framework, rows: Iterable[tuple[int, Mapping[str, Any]]]
                    ) -> dict[int, list[str]]:
    """{submission id: flagged indicator codes} for one group's (id, values) rows."""
    rows = list(rows)
    flags: dict[int, list[str]] = {}
    for f, _numbers, result in _assessments(framework, rows):
        for i in np.flatnonzero(result.flagged):
            flags.setdefault(rows[i][0], []).append(f.code)
    return flags


def report_for_group(framework: Framework, rows: Iterable[tuple[int, Mapping[str, Any]]]
                     ) -> list[dict[str, Any]]:
    """Per quantitative indicator: the scale, method, median and the flagged (id, value, z)."""
    rows = list(rows)
    out = []
    for f, numbers, result in _assessments(framework, rows):
        flagged = [(rows[i][0], numbers[i], float(result.z[i])) for i in np.flatnonzero(result.flagged)]
        out.append({"field": f, "scale": result.scale, "method": result.method,
                    "median": result.median, "count": sum(n is not None for n in numbers),
                    "flagged": flagged})
    return out


def assessed_rows(round_: Round) -> dict[str, tuple[Framework, list[tuple[int, dict]]]]:
    """{group: (framework, [(submission id, values), …])} of the round's handed-in submissions.

    Two queries whatever the number of clusters: the pinned frameworks and the submissions. Drafts
    are left out: they are unfinished and would pull the median.
    """
    from clustermon.submissions.models import Submission, SubmissionStatus
    from clustermon.submissions.queries import frameworks_for_round

    frameworks = frameworks_for_round(round_)
    groups: dict[str, tuple[Framework, list[tuple[int, dict]]]] = {
        group: (fw, []) for group, fw in frameworks.items()
    }
    rows = (Submission.objects.filter(round=round_).exclude(status=SubmissionStatus.DRAFT)
            .order_by("pk").values_list("pk", "group", "values"))
    for pk, group, values in rows:
        if group in groups:
            groups[group][1].append((pk, values or {}))
    return groups


def flags_for_round(round_: Round) -> dict[int, list[str]]:
    """{submission id: flagged indicator codes} for every handed-in submission of the round."""
    flags: dict[int, list[str]] = {}
    for framework, rows in assessed_rows(round_).values():
        flags.update(flags_for_group(framework, rows))
    return flags
