"""Events as readable Chinese sentences, per submission, cluster or round."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from clustermon.audit.log import record
from clustermon.audit.models import AuditEvent
from clustermon.audit.queries import events_for, register_phrase, timeline, timeline_for
from clustermon.rounds.actions import extend_deadline, transition
from tests.rounds.conftest import advance


def at(event: AuditEvent, when: dt.datetime) -> None:
    """Pin an event's time for the test (the model refuses updates, so write below it)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {AuditEvent._meta.db_table} SET at = %s WHERE id = %s", [when, event.pk])


@pytest.fixture
def submission(world, open_round):  # noqa: ANN001, ANN201
    from clustermon.submissions.models import Submission

    return Submission.objects.create(round=open_round, cluster=world.clusters["a1"], group="provincial_amc")


def test_a_round_transition_reads_as_a_sentence(world, draft_round) -> None:
    admin = world.users["admin"]
    admin.last_name, admin.first_name = "张", "三"
    admin.save()
    advance(draft_round, "review", admin)
    transition(draft_round, "open", by=admin, reason="部分园区未完成填报")
    event = AuditEvent.objects.filter(action="round.transition").latest("id")
    at(event, timezone.make_aware(dt.datetime(2026, 3, 2, 14, 5)))
    last = next(line for line in timeline_for(draft_round) if line.event.pk == event.pk)
    assert last.text == "2026-03-02 14:05 测试省工信厅 张三 将年度监测从“审核中”改为“开放填报”，理由：部分园区未完成填报"


def test_a_round_timeline_starts_with_its_creation(world, draft_round) -> None:
    sentences = [e.sentence for e in timeline_for(draft_round)]
    assert sentences == ["测试省工信厅 admin 创建了年度监测“2025年度测试监测”"]


def test_deadlines_and_extensions_read_well(world, open_round) -> None:
    extend_deadline(open_round, "submitter", dt.date(2026, 4, 15), by=world.users["admin"], reason="暴雨",
                    city=world.cities["A"])
    sentences = [e.sentence for e in timeline_for(open_round)]
    assert "测试省工信厅 admin 将“集群填报”的截止日期设为 2026-03-31" in sentences
    assert sentences[-1] == "测试省工信厅 admin 将 甲市 的“集群填报”截止日期延至 2026-04-15"


def test_a_submission_timeline_has_its_cluster_and_round_only(world, open_round, submission) -> None:
    register_phrase("tests.returned", "%(actor)s 将 %(object)s 从“%(from)s”退回")
    county = world.users["county_a1"]
    county.last_name = "李"
    county.save()
    record("tests.returned", submission, by=county, before={"status": "at_county"}, after={"status": "returned"},
           reason="缺少佐证材料")
    record("tests.other", submission, by=county)  # fallback phrase
    from clustermon.submissions.models import Submission

    other = Submission.objects.create(round=open_round, cluster=world.clusters["a2"], group="provincial_amc")
    record("tests.returned", other, by=county, before={"status": "at_county"}, after={"status": "returned"},
           reason="另一个")
    lines = timeline_for(submission)
    assert [line.reason for line in lines] == ["缺少佐证材料", ""]
    assert lines[0].sentence.startswith("甲一县工信局 李 将 ")
    assert "从“" in lines[0].sentence and lines[0].sentence.endswith("”退回")
    assert lines[1].sentence.startswith("甲一县工信局 李 修改了")
    assert [e.reason for e in timeline_for(cluster=world.clusters["a1"], round=open_round)] == ["缺少佐证材料", ""]
    assert timeline_for(submission, limit=1)[0].event.action == "tests.other"


def test_details_list_the_fields_that_changed(world, open_round, submission) -> None:
    record("tests.edit", submission, by=world.users["submitter_a1"],
           before={"values": {"D1.1": "12"}, "group": "provincial_amc"},
           after={"values": {"D1.1": "15"}, "group": "provincial_amc"})
    entry = timeline_for(submission)[-1]
    assert entry.sentence.startswith("a1产业集群 submitter_a1 修改了")
    assert [(d.before, d.after) for d in entry.details] == [('{"D1.1": "12"}', '{"D1.1": "15"}')]


def test_generic_status_changes_use_the_model_labels(world, draft_round) -> None:
    record("tests.status", draft_round, by=None, before={"status": "draft"}, after={"status": "open"})
    assert timeline_for(draft_round)[-1].sentence == "系统 将 年度监测 从“草稿”改为“开放填报”"


def test_actors_are_named_by_their_office(world, draft_round) -> None:
    for who in ("city_a", "expert"):
        record("tests.note", draft_round, by=world.users[who], after={"x": 1})
    sentences = [e.sentence for e in timeline_for(draft_round)[-2:]]
    assert sentences[0].startswith("甲市工信局 city_a ") and sentences[1].startswith("专家 expert ")


def test_timeline_queries_do_not_grow_with_events(world, open_round, django_assert_num_queries) -> None:
    for i in range(12):
        record("round.deadline_set", open_round.deadlines.first(), by=world.users["admin"],
               before={"level": "submitter", "due": "2026-03-31"}, after={"level": "submitter", "due": f"2026-04-{i + 1:02d}"})
    with django_assert_num_queries(1):
        lines = timeline(events_for(open_round))
    assert len(lines) > 12


def test_the_include_renders_the_sentences(world, draft_round) -> None:
    record("tests.note", draft_round, by=world.users["admin"], after={"x": 1}, reason="<b>原因</b>")
    html = render_to_string("audit/_timeline.html", {"timeline": timeline_for(draft_round)})
    assert "创建了年度监测" in html and "，理由：&lt;b&gt;原因&lt;/b&gt;" in html
    assert "暂无记录" in render_to_string("audit/_timeline.html", {"timeline": []})
