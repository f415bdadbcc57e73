"""Outliers across a group: the robust z-score suits skewed (log-normal) economic data."""

from statistics import NormalDist

import numpy as np
import pytest

from clustermon.submissions import outliers
from clustermon.submissions.models import Submission, SubmissionStatus
from tests.submissions.conftest import COMPLETE, GROUP


def lognormal(n: int, sigma: float) -> list[float]:
    """n evenly spaced quantiles of a log-normal sample with median 100 (deterministic)."""
    z = NormalDist()
    return [100 * float(np.exp(sigma * z.inv_cdf((i + 0.5) / n))) for i in range(n)]


def test_the_robust_method_flags_a_unit_error_and_not_the_ordinary_tail() -> None:
    sample = lognormal(30, 0.8)
    planted = 0.01  # 100 亿元 typed as 0.01: a 万元/亿元 slip, far below any real cluster
    values = [*sample, planted]
    robust = outliers.assess(values)
    plain = outliers.mean_sd_flags(values)
    biggest = int(np.argmax(values))
    # mean ± 2 SD: flags the largest ordinary cluster and misses the planted value (the SD is
    # driven by the right tail, so mean − 2 SD is below zero).
    assert plain[biggest] and not plain[-1]
    # Robust z on the log scale: flags exactly the planted value.
    assert robust.scale == "log" and robust.method == "mad"
    assert list(np.flatnonzero(robust.flagged)) == [len(values) - 1]
    assert robust.z[-1] < -3.5 and abs(robust.z[biggest]) < 3.5


def test_a_planted_high_outlier_is_flagged_too() -> None:
    values = [*lognormal(30, 0.8), 100 * 1000]
    assert list(np.flatnonzero(outliers.assess(values).flagged)) == [30]


def test_hand_computed_z_scores_on_the_linear_scale() -> None:
    # With a zero present the scale is linear. median 3, |dev| = 3,2,1,0,1,2,27 → MAD 2.
    result = outliers.assess([0, 1, 2, 3, 4, 5, 30])
    assert result.scale == "linear" and result.median == 3.0
    assert result.z[-1] == pytest.approx(0.6745 * 27 / 2)
    assert list(result.flagged) == [False] * 6 + [True]


def test_mad_zero_falls_back_to_the_mean_absolute_deviation() -> None:
    # Most clusters report 0 platforms: MAD = 0. MeanAD = 5/6, z = 5 / (1.253314 · 5/6) = 4.79.
    result = outliers.assess([0, 0, 0, 0, 0, 5])
    assert result.method == "meanad"
    assert result.z[-1] == pytest.approx(5 / (1.253314 * 5 / 6))
    assert list(result.flagged) == [False] * 5 + [True]


def test_all_equal_values_flag_nothing_and_small_groups_are_not_assessed() -> None:
    assert outliers.assess([7, 7, 7, 7, 7]).method == "equal"
    assert not outliers.assess([7, 7, 7, 7, 7]).flagged.any()
    small = outliers.assess([1, 1, 1, 1000])
    assert small.method == "too_few" and not small.flagged.any()


def test_missing_values_are_skipped() -> None:
    result = outliers.assess([None, *lognormal(10, 0.5), None])
    assert np.isnan(result.z[0]) and not result.flagged[0]


def test_flags_for_round_in_two_queries(ew, django_assert_num_queries, world) -> None:
    """Handed-in submissions of the group; drafts are left out; the cost does not grow."""
    from clustermon.registry.models import Cluster

    revenues = [*lognormal(11, 0.6), 0.02]
    for i, revenue in enumerate(revenues):
        cluster = Cluster.objects.create(
            code=f"x{i}", name=f"x{i}集群", province=world.province, county=world.counties["A1"],
            kind="amc", level="provincial", group=GROUP, year_recognised=2020)
        Submission.objects.create(round=ew.round, cluster=cluster, group=GROUP, status=SubmissionStatus.AT_CITY,
                                  values={**COMPLETE, "S1.1": f"{revenue:.4f}"})
    Submission.objects.filter(pk=ew.sub.pk).update(values={**COMPLETE, "S1.1": "0.0001"})  # a draft
    planted = Submission.objects.get(cluster__code="x11")
    with django_assert_num_queries(2):
        flags = outliers.flags_for_round(ew.round)
    assert flags == {planted.pk: ["S1.1"]}


def _handed_in(ew, world, n: int) -> None:
    from clustermon.registry.models import Cluster

    for i, revenue in enumerate(lognormal(n, 0.6)):
        cluster = Cluster.objects.create(
            code=f"y{n}-{i}", name=f"y{i}集群", province=world.province, county=world.counties["A1"],
            kind="amc", level="provincial", group=GROUP, year_recognised=2020)
        Submission.objects.create(round=ew.round, cluster=cluster, group=GROUP, status=SubmissionStatus.AT_CITY,
                                  values={**COMPLETE, "S1.1": f"{revenue:.2f}"})


def test_the_outlier_page_costs_the_same_for_more_clusters(client, ew, world, django_assert_max_num_queries
                                                           ) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from tests.submissions.conftest import login

    url = reverse("submissions:outliers", args=[ew.round.pk])
    login(client, ew.users["province"])
    _handed_in(ew, world, 5)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _handed_in(ew, world, 20)
    Submission.objects.filter(cluster__code="y20-0").update(values={**COMPLETE, "S1.1": "0.001"})
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(url).content.decode()
    assert "y0集群" in html and "集群营业收入" in html


def test_year_over_year_warnings_for_review_lists_in_two_queries(ew, world, django_assert_num_queries) -> None:
    from clustermon.submissions.queries import warnings_for

    Submission.objects.filter(pk=ew.sub.pk).update(values={**COMPLETE, "S1.1": "500"})
    other = Submission.objects.create(round=ew.round, cluster=world.clusters["a2"], group=GROUP,
                                      values=dict(COMPLETE))
    subs = list(Submission.objects.filter(round=ew.round))
    with django_assert_num_queries(2):
        warnings = warnings_for(ew.round, subs)
    assert warnings == {ew.sub.pk: ["S1.1"]}
    assert other.pk not in warnings
