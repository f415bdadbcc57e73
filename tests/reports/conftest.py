"""Two published years of the tiny scheme of tests/results (group provincial_amc, clusters a1, a2, b1,
a1b), with every figure of the reports computed by hand.

2025 is tests/results/conftest.py's table (totals a1 92.80, a2 88.75, b1 59.80, a1b 42.30). 2024:

            D1.1  experts  A1  A2 (prev)   development  activity   base = total   rank  grade
  a1         60   A, A     是  110 (100)   36+40=76     50+25=75   53.2+22.5=75.70  2   good
  a2         90   B, B     是  100 (100)   54+32=86     50+0=50    60.2+15=75.20    3   qualified
  b1         50   A, B     是  120 (100)   30+36=66     50+50=100  46.2+30=76.20    1   good
  a1b        40   C, C     否  100 (100)   24+24=48     0+0=0      33.60            4   unqualified

Stars and labels of 2025 (pairs with 2024): a1 good+good 3 stars, bronze; a2 qualified+good 2 stars;
b1 and a1b none. Movers 2025 − 2024: a1 +17.10, a2 +13.55, a1b +8.70, b1 −16.40.

Points of 2025 by indicator (each part out of 100):
            D1.1  D1.2  D1    A1   A2     development  activity
  a1         48    36    84   50   50        84          100
  a2         60    40   100   50   12.5     100           62.5
  b1         42    22    64   50    0        64           50
  a1b        30    24    54    0   25        54           25
  average    45  30.50 75.50 37.50 21.88    75.50        59.38
  best       60    40   100   50   50       100          100
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import timezone
from tests.results.conftest import GROUP, _expert_user, fill_inputs, make_round, make_scheme

VALUES_2024 = {
    "a1": {"D1.1": "60", "A1": "是", "A2": "110", "A2@prev": "100"},
    "a2": {"D1.1": "90", "A1": "是", "A2": "100", "A2@prev": "100"},
    "b1": {"D1.1": "50", "A1": "是", "A2": "120", "A2@prev": "100"},
    "a1b": {"D1.1": "40", "A1": "否", "A2": "100", "A2@prev": "100"},
}
EXPERTS_2024 = {"a1": ("A", "A"), "a2": ("B", "B"), "b1": ("A", "B"), "a1b": ("C", "C")}
TOTALS_2024 = {"a1": Decimal("75.70"), "a2": Decimal("75.20"), "b1": Decimal("76.20"), "a1b": Decimal("33.60")}
TOTALS_2025 = {"a1": Decimal("92.80"), "a2": Decimal("88.75"), "b1": Decimal("59.80"), "a1b": Decimal("42.30")}


@dataclass
class Years:
    scheme: object
    version: object
    round_2024: object
    round_2025: object

    @property
    def set_2025(self):  # noqa: ANN201 - ResultSet
        return self.round_2025.result_sets.get(status="approved")


@pytest.fixture(autouse=True)
def fast_password_hasher(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def fill_2024(world, round_) -> None:
    """The 2024 inputs of the table above (also used for a later round in some tests)."""
    from clustermon.experts.models import Assignment, ExpertScore
    from clustermon.submissions.models import Submission

    for code, values in VALUES_2024.items():
        Submission.objects.create(round=round_, cluster=world.clusters[code], group=GROUP, status="accepted",
                                  values=values)
    experts = [world.users["expert"], _expert_user(world, "expert2")]
    for code, grades in EXPERTS_2024.items():
        for expert, grade in zip(experts, grades, strict=True):
            assignment = Assignment.objects.create(round=round_, cluster=world.clusters[code], expert=expert,
                                                   submitted_at=timezone.now())
            ExpertScore.objects.create(assignment=assignment, indicator="D1.2", score=grade)


def publish(world, round_) -> None:
    from clustermon.results.actions import approve_result_set, compute_round, publish_round

    admin = world.users["admin"]
    approve_result_set(compute_round(round_, by=admin), by=admin)
    publish_round(round_, by=admin)
    round_.refresh_from_db()


@pytest.fixture
def years(world) -> Years:
    """2024 and 2025 computed, approved and published through the actions."""
    scheme, version = make_scheme(world)
    round_2024 = make_round(scheme, version, 2024, "scoring")
    fill_2024(world, round_2024)
    publish(world, round_2024)
    round_2025 = make_round(scheme, version, 2025, "scoring")
    fill_inputs(world, round_2025)
    publish(world, round_2025)
    return Years(scheme, version, round_2024, round_2025)


def result_of(years: Years, world, code: str):  # noqa: ANN201 - ClusterResult
    from clustermon.results.models import ClusterResult

    return (ClusterResult.objects.select_related("cluster__county__city", "result_set__round__scheme",
                                                 "cluster__core_park", "cluster__promotion_organisation")
            .get(result_set=years.set_2025, cluster=world.clusters[code]))


def login(client, world, who: str) -> None:
    from tests.conftest import PASSWORD

    assert client.login(username=world.users[who].username, password=PASSWORD)
