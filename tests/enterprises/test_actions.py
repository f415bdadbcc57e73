"""Adding, editing, removing and replacing enterprise rows; the totals land in the values, audited."""

from __future__ import annotations

import pytest

from clustermon.audit.models import AuditEvent
from clustermon.enterprises import actions
from clustermon.enterprises.actions import Entry, RowsInvalid
from clustermon.enterprises.models import Enterprise, EnterpriseFigure
from clustermon.submissions.models import Submission
from clustermon.web.errors import ActionRefused
from tests.enterprises.conftest import code

pytestmark = pytest.mark.django_db

A = Entry(code(1), "甲机械有限公司", None, {"sales": "1200", "employees": "100"}, {"sales": "1000", "employees": "90"})
B = Entry(code(2), "乙电子有限公司", None, {"sales": "800.5", "employees": "50"}, {"sales": "700", "employees": "50"})


def fresh(sub: Submission) -> Submission:
    return Submission.objects.get(pk=sub.pk)


def test_adding_rows_puts_the_totals_into_the_values(ent) -> None:
    sub, by = ent.subs["a1"], ent.users["submitter_a1"]
    actions.save_row(sub, A, by=by)
    assert fresh(sub).values == {"P1": "1200", "P1@prev": "1000", "P2": "100", "P2@prev": "90"}
    actions.save_row(sub, B, by=by)
    # By hand: P1 = 1200 + 800.5, P1@prev = 1000 + 700, P2 = 100 + 50, P2@prev = 90 + 50.
    assert fresh(sub).values == {"P1": "2000.5", "P1@prev": "1700", "P2": "150", "P2@prev": "140"}
    assert sub.values == fresh(sub).values and sub.version == fresh(sub).version
    figures = list(EnterpriseFigure.objects.filter(submission=sub).order_by("position"))
    assert [f.enterprise.name for f in figures] == ["甲机械有限公司", "乙电子有限公司"]
    assert figures[0].enterprise.county == ent.world.clusters["a1"].county  # the cluster's county by default
    assert figures[0].enterprise.province == ent.world.province


def test_every_change_is_audited_with_the_values_it_changed(ent) -> None:
    sub, by = ent.subs["a1"], ent.users["submitter_a1"]
    figure = actions.save_row(sub, A, by=by)
    saved = AuditEvent.objects.get(action="enterprises.row_saved")
    assert saved.actor == by and saved.round_id == ent.round.pk and saved.cluster_id == sub.cluster_id
    assert saved.after["credit_code"] == code(1) and saved.before is None
    draft = AuditEvent.objects.get(action="submission.save_draft")
    assert draft.after == {"P1": "1200", "P1@prev": "1000", "P2": "100", "P2@prev": "90"}
    actions.remove_row(figure, by=by)
    removed = AuditEvent.objects.get(action="enterprises.row_removed")
    assert removed.before["name"] == "甲机械有限公司"
    # No row left: the values the list fed are cleared again.
    assert fresh(sub).values == {}
    assert AuditEvent.objects.filter(action="submission.save_draft").count() == 2


def test_editing_a_row(ent) -> None:
    sub, by = ent.subs["a1"], ent.users["submitter_a1"]
    figure = actions.save_row(sub, A, by=by)
    changed = Entry(code(1), "甲机械股份有限公司", ent.world.counties["A2"], {"sales": "1500", "employees": "100"},
                    {"sales": "1000", "employees": "90"})
    actions.save_row(sub, changed, by=by, figure=figure)
    assert fresh(sub).values["P1"] == "1500"
    enterprise = Enterprise.objects.get(credit_code=code(1))
    assert enterprise.name == "甲机械股份有限公司" and enterprise.county == ent.world.counties["A2"]
    assert EnterpriseFigure.objects.count() == 1


def test_a_change_that_leaves_the_totals_still_bumps_the_version(ent) -> None:
    sub, by = ent.subs["a1"], ent.users["submitter_a1"]
    figure = actions.save_row(sub, A, by=by)
    version = fresh(sub).version
    renamed = Entry(code(1), "甲机械集团有限公司", None, A.current, A.previous)
    actions.save_row(sub, renamed, by=by, figure=figure)
    assert fresh(sub).version == version + 1
    with pytest.raises(actions.submission_actions.ChangedMeanwhile):
        actions.save_row(sub, B, by=by, expected_version=version)


def test_bad_entries_are_refused_and_change_nothing(ent) -> None:
    sub, by = ent.subs["a1"], ent.users["submitter_a1"]
    bad = Entry(code(1)[:-1] + ("0" if code(1)[-1] != "0" else "1"), "", "不存在县",
                {"sales": "约100", "employees": "1.5"}, {"sales": "-3"})
    with pytest.raises(RowsInvalid) as info:
        actions.save_row(sub, bad, by=by)
    assert set(info.value.errors[0]) == {"credit_code", "name", "county", "sales", "employees", "sales@prev"}
    assert not EnterpriseFigure.objects.exists() and not Enterprise.objects.exists()
    assert fresh(sub).values == {} and fresh(sub).version == 1
    assert not AuditEvent.objects.exists()


def test_the_same_enterprise_twice_in_one_list_is_refused(ent) -> None:
    sub, by = ent.subs["a1"], ent.users["submitter_a1"]
    actions.save_row(sub, A, by=by)
    with pytest.raises(RowsInvalid):
        actions.save_row(sub, Entry(code(1), "甲", None, {}, {}), by=by)
    with pytest.raises(RowsInvalid) as info:
        actions.replace_rows(sub, [A, B, A], by=by)
    assert "credit_code" in info.value.errors[2]
    assert EnterpriseFigure.objects.count() == 1  # the refused replacement changed nothing


def test_only_the_submitter_while_the_submission_takes_data(ent) -> None:
    sub = ent.subs["a1"]
    for name in ("admin", "province", "city_a", "county_a1", "expert", "outsider"):
        with pytest.raises(ActionRefused):
            actions.save_row(sub, A, by=ent.users[name])
    Submission.objects.filter(pk=sub.pk).update(status="at_county")
    with pytest.raises(ActionRefused):
        actions.save_row(fresh(sub), A, by=ent.users["submitter_a1"])
    assert not EnterpriseFigure.objects.exists()


def test_a_round_without_an_enterprise_list_refuses(world) -> None:
    from tests.review.factories import make_round, make_submission

    round_ = make_round(world, status="open")
    sub = make_submission(round_, world.clusters["a1"], "draft")
    with pytest.raises(ActionRefused):
        actions.save_row(sub, A, by=world.users["submitter_a1"])


def test_replace_rows_replaces_the_whole_list(ent) -> None:
    sub, by = ent.subs["a1"], ent.users["submitter_a1"]
    actions.save_row(sub, A, by=by)
    C = Entry(code(3), "丙化工有限公司", "甲二县", {"sales": "10", "employees": "2"}, {"sales": "5", "employees": "1"})
    assert actions.replace_rows(sub, [B, C], by=by, source="file.xlsx") == 2
    assert [f.enterprise.credit_code for f in actions.figures_of(sub)] == [code(2), code(3)]
    assert fresh(sub).values == {"P1": "810.5", "P1@prev": "705", "P2": "52", "P2@prev": "51"}
    event = AuditEvent.objects.get(action="enterprises.rows_replaced")
    assert event.before["rows"] == 1 and list(event.before["removed"]) == [code(1)]
    assert event.after["rows"] == 2 and event.reason == "file.xlsx"
    assert EnterpriseFigure.objects.get(enterprise__credit_code=code(3)).enterprise.county.name == "甲二县"


def test_enterprises_are_kept_per_province(ent, world) -> None:
    """The same code in another province is another record: nothing is shared across provinces."""
    actions.save_row(ent.subs["a1"], A, by=ent.users["submitter_a1"])
    Enterprise.objects.create(province=world.other_province, credit_code=code(1), name="外省同码企业")
    assert Enterprise.objects.get(province=world.province, credit_code=code(1)).name == "甲机械有限公司"
