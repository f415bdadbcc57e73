"""H-Art.9: a change of a round's framework makes a new version, with a reason, validated by the core."""

from __future__ import annotations

import pytest

from clustermon.audit.models import AuditEvent
from clustermon.frameworks.models import FrameworkVersion
from clustermon.frameworks.versions import FrameworkInvalid, issue_text, new_version, pin_version
from clustermon.rounds.models import Round
from clustermon.web.errors import ActionRefused
from tests.rounds.conftest import advance, tiny_framework


def edited(version: str = "2026.2") -> dict:
    doc = tiny_framework("provincial_amc", version)
    leaf = doc["parts"][0]["indicators"][0]["children"][0]
    leaf["params"] = {"floor": 10, "target": 120}
    return doc


def pinned(round_: Round, group: str = "provincial_amc") -> FrameworkVersion:
    return round_.frameworks.get(group=group).framework_version


def test_it_stores_a_new_version_and_pins_it_in_the_round(world, open_round) -> None:
    old = pinned(open_round)
    version = new_version(open_round, "provincial_amc", edited(), by=world.users["admin"], reason="调整营业收入目标值")
    assert (version.version, version.previous, version.reason, version.created_by) == (
        "2026.2", old, "调整营业收入目标值", world.users["admin"])
    assert version.document["parts"][0]["indicators"][0]["children"][0]["params"] == {"floor": 10, "target": 120}
    assert len(version.content_hash) == 64
    assert pinned(open_round) == version
    assert pinned(open_round, "provincial_sme").version == "2026.1"  # the other group is untouched
    created = AuditEvent.objects.get(action="framework.version_created")
    assert (created.object_id, created.round_id, created.reason, created.before, created.after) == (
        str(version.pk), open_round.pk, "调整营业收入目标值", {"version": "2026.1"},
        {"version": "2026.2", "group": "provincial_amc", "changes": 1})
    repinned = AuditEvent.objects.get(action="round.framework_pinned")
    assert (repinned.before, repinned.after["version"], repinned.reason) == (
        {"group": "provincial_amc", "version": "2026.1"}, "2026.2", "调整营业收入目标值")


def test_a_new_version_for_a_scheme_pins_nothing(world, scheme, open_round) -> None:
    version = new_version(scheme, "provincial_amc", edited(), by=world.users["admin"], reason="明年的草案")
    assert version.previous.version == "2026.1"
    assert pinned(open_round).version == "2026.1"
    assert not AuditEvent.objects.filter(action="round.framework_pinned").exists()


@pytest.mark.parametrize("reason", ["", "  "])
def test_a_reason_is_required(world, open_round, reason) -> None:
    with pytest.raises(ActionRefused, match="理由"):
        new_version(open_round, "provincial_amc", edited(), by=world.users["admin"], reason=reason)
    assert FrameworkVersion.objects.count() == 2


def test_an_invalid_document_reports_every_issue_and_changes_nothing(world, open_round) -> None:
    doc = edited()
    doc["parts"][0]["weight"] = 60
    doc["parts"][1]["indicators"][0]["method"] = "guesswork"
    events = AuditEvent.objects.count()
    with pytest.raises(FrameworkInvalid) as refused:
        new_version(open_round, "provincial_amc", doc, by=world.users["admin"], reason="试试")
    found = {(i.path, issue_text(i)) for i in refused.value.issues}
    assert ("parts", "各部分权重合计为 90，应为 100") in found
    assert any(path == "parts[1].indicators[A1].method" and "guesswork" in text for path, text in found)
    assert "2 个问题" in refused.value.message
    assert FrameworkVersion.objects.count() == 2 and AuditEvent.objects.count() == events
    assert pinned(open_round).version == "2026.1"


@pytest.mark.parametrize("document", [["not", "a", "mapping"], "text", None])
def test_a_document_that_is_not_a_mapping_is_refused(world, open_round, document) -> None:
    with pytest.raises(ActionRefused):
        new_version(open_round, "provincial_amc", document, by=world.users["admin"], reason="试试")


def test_a_document_of_another_group_is_refused(world, open_round) -> None:
    with pytest.raises(ActionRefused, match="provincial_sme"):
        new_version(open_round, "provincial_amc", tiny_framework("provincial_sme", "9"), by=world.users["admin"],
                    reason="放错了")


def test_an_unknown_group_is_refused(world, open_round) -> None:
    with pytest.raises(ActionRefused):
        new_version(open_round, "national_amc", tiny_framework("national_amc"), by=world.users["admin"], reason="x")


def test_an_unchanged_document_is_refused(world, open_round) -> None:
    with pytest.raises(ActionRefused, match="2026.1"):
        new_version(open_round, "provincial_amc", tiny_framework("provincial_amc", "2026.1"),
                    by=world.users["admin"], reason="没改")


def test_a_taken_version_label_gets_a_suffix(world, open_round) -> None:
    version = new_version(open_round, "provincial_amc", edited("2026.1"), by=world.users["admin"], reason="忘改版本号")
    assert version.version == "2026.1-2"
    assert version.document["version"] == "2026.1-2"
    assert version.framework.version == "2026.1-2"  # the stored document still parses


@pytest.mark.parametrize("who", ["province", "city_a", "submitter_a1", "expert", "outsider"])
def test_only_the_province_admin_makes_versions(world, open_round, who) -> None:
    with pytest.raises(ActionRefused):
        new_version(open_round, "provincial_amc", edited(), by=world.users[who], reason="想改")
    assert FrameworkVersion.objects.count() == 2


@pytest.mark.parametrize("status", ["approved", "published", "closed"])
def test_the_framework_is_frozen_once_results_are_approved(world, draft_round, status) -> None:
    advance(draft_round, status, world.users["admin"])
    with pytest.raises(ActionRefused, match="审定"):
        new_version(draft_round, "provincial_amc", edited(), by=world.users["admin"], reason="太晚了")
    assert pinned(draft_round).version == "2026.1"


def test_pin_version_goes_back_to_an_earlier_version(world, open_round) -> None:
    old = pinned(open_round)
    new_version(open_round, "provincial_amc", edited(), by=world.users["admin"], reason="调整")
    with pytest.raises(ActionRefused, match="理由"):
        pin_version(open_round, old, by=world.users["admin"], reason="")
    pin_version(open_round, old, by=world.users["admin"], reason="恢复原版本")
    assert pinned(open_round) == old
    assert AuditEvent.objects.filter(action="round.framework_pinned").count() == 2


def test_pin_version_refuses_a_version_of_another_scheme(world, open_round, other_scheme) -> None:
    foreign = FrameworkVersion.objects.get(scheme=other_scheme)
    with pytest.raises(ActionRefused):
        pin_version(open_round, foreign, by=world.users["admin"], reason="错了")
