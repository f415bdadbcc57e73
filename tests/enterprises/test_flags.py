"""Flags for reviewers: duplicate enterprises across clusters, jumps, totals changed by hand."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from clustermon.accounts.models import Role
from clustermon.enterprises import actions
from clustermon.enterprises.actions import Entry
from clustermon.enterprises.flags import (
    DUPLICATE,
    RATIO,
    SPREAD,
    TOTALS,
    flags_for_round,
    flags_for_submission,
)
from clustermon.submissions.models import Submission
from tests.enterprises.conftest import code

pytestmark = pytest.mark.django_db


def submitter(ent, key: str):  # noqa: ANN001, ANN201
    if key == "a1":
        return ent.users["submitter_a1"]
    from clustermon.accounts.models import User

    return User.objects.create_user(username=f"sub-{key}", password="x", role=Role.SUBMITTER,
                                    province=ent.world.province, cluster=ent.world.clusters[key])


def entry(n: int, now: str = "110", before: str = "100", name: str | None = None) -> Entry:
    return Entry(code(n), name or f"企业{n}", None, {"sales": now, "employees": "10"},
                 {"sales": before, "employees": "10"})


def test_an_enterprise_listed_by_two_clusters_is_flagged_on_both(ent) -> None:
    actions.replace_rows(ent.subs["a1"], [entry(1), entry(2)], by=submitter(ent, "a1"))
    actions.replace_rows(ent.subs["b1"], [entry(2, name="企业二"), entry(3)], by=submitter(ent, "b1"))
    with translation.override("en"):
        found = flags_for_round(ent.round)
    assert set(found) == {ent.subs["a1"].pk, ent.subs["b1"].pk}
    a1 = found[ent.subs["a1"].pk]
    assert [(f.kind, f.credit_code) for f in a1] == [(DUPLICATE, code(2))]
    assert "b1产业集群" in str(a1[0])
    assert "a1产业集群" in str(found[ent.subs["b1"].pk][0])


def test_clusters_outside_the_viewers_area_are_not_named(ent) -> None:
    actions.replace_rows(ent.subs["a1"], [entry(2)], by=submitter(ent, "a1"))
    actions.replace_rows(ent.subs["b1"], [entry(2)], by=submitter(ent, "b1"))
    with translation.override("en"):
        seen_by_city_a = flags_for_round(ent.round, viewer=ent.users["city_a"])
        seen_by_province = flags_for_round(ent.round, viewer=ent.users["province"])
        own = flags_for_submission(ent.subs["a1"], viewer=ent.users["submitter_a1"])
    text = str(seen_by_city_a[ent.subs["a1"].pk][0])
    assert "b1产业集群" not in text and "outside your area" in text
    assert "b1产业集群" in str(seen_by_province[ent.subs["a1"].pk][0])
    assert [f.kind for f in own] == [DUPLICATE] and "b1产业集群" not in str(own[0])


def test_jumps_and_spread_are_flagged(ent) -> None:
    rows = [entry(i, str(Decimal(1000) * Decimal(g)), "1000") for i, g in
            enumerate(["1.04", "1.05", "1.06", "1.05", "1.04", "1.06", "2.5"], start=1)]
    rows.append(entry(9, "4000", "1000"))  # ×4
    actions.replace_rows(ent.subs["a1"], rows, by=submitter(ent, "a1"))
    with translation.override("en"):
        found = flags_for_round(ent.round)[ent.subs["a1"].pk]
    assert [(f.kind, f.credit_code, f.field) for f in found] == [(SPREAD, code(7), "sales"), (RATIO, code(9), "sales")]
    assert "×4.00" in str(found[1]) and "+150.0%" in str(found[0])


def test_values_changed_by_hand_after_the_list_are_flagged(ent) -> None:
    from clustermon.submissions.actions import save_draft

    sub, by = ent.subs["a1"], submitter(ent, "a1")
    actions.replace_rows(sub, [entry(1), entry(2)], by=by)
    assert flags_for_submission(sub) == []
    save_draft(sub, by=by, values={"P1": "999"})
    with translation.override("en"):
        found = flags_for_submission(Submission.objects.get(pk=sub.pk))
    assert [(f.kind, f.field) for f in found] == [(TOTALS, "P1")]
    assert "adds up to 220" in str(found[0])
    actions.refresh_totals(sub, by=by)
    assert flags_for_submission(Submission.objects.get(pk=sub.pk)) == []


def test_flags_for_round_costs_a_fixed_number_of_queries(ent, django_assert_max_num_queries) -> None:
    for key in ("a1", "a1b", "b1"):
        actions.replace_rows(ent.subs[key], [entry(i) for i in range(1, 30)], by=submitter(ent, key))
    with django_assert_max_num_queries(4):
        found = flags_for_round(ent.round, viewer=ent.users["province"])
    assert len(found) == 3 and all(len(f) == 29 for f in found.values())


def test_the_review_list_can_print_them(ent) -> None:
    """A Flag prints as its message, so a badge can join them like the outlier codes."""
    actions.replace_rows(ent.subs["a1"], [entry(2)], by=submitter(ent, "a1"))
    actions.replace_rows(ent.subs["b1"], [entry(2)], by=submitter(ent, "b1"))
    flags = flags_for_round(ent.round)[ent.subs["a1"].pk]
    assert ", ".join(map(str, flags)) == flags[0].text
