"""Creating a round: a draft that pins the newest framework version of every group (H-Art.9)."""

from __future__ import annotations

import pytest

from clustermon.audit.models import AuditEvent
from clustermon.rounds.actions import create_round
from clustermon.rounds.models import Round
from clustermon.web.errors import ActionRefused
from tests.rounds.conftest import store_version, tiny_framework


def test_it_creates_a_draft_pinning_the_newest_versions(world, scheme) -> None:
    newer = store_version(scheme, "provincial_amc", "2026.2",
                          document=tiny_framework("provincial_amc", "2026.2"))
    round_ = create_round(scheme, 2025, by=world.users["admin"])
    assert (round_.status, round_.year, round_.title) == ("draft", 2025, "2025年度测试监测")
    pins = dict(round_.frameworks.values_list("group", "framework_version__version"))
    assert pins == {"provincial_amc": "2026.2", "provincial_sme": "2026.1"}
    assert round_.frameworks.get(group="provincial_amc").framework_version == newer
    assert list(round_.transitions.values_list("from_status", "to_status")) == [("", "draft")]
    event = AuditEvent.objects.get(action="round.created")
    assert (event.round_id, event.actor, event.after["frameworks"]) == (
        round_.pk, world.users["admin"], {"provincial_amc": "2026.2", "provincial_sme": "2026.1"})


def test_it_takes_a_title(world, scheme) -> None:
    assert create_round(scheme, 2026, by=world.users["admin"], title=" 2026年监测 ").title == "2026年监测"


def test_a_group_without_any_version_stays_unpinned(world, scheme) -> None:
    scheme.manifest = {"groups": [*scheme.groups, {"code": "national_amc", "name": {"zh": "国家先进制造业集群"}}]}
    scheme.save()
    round_ = create_round(scheme, 2025, by=world.users["admin"])
    assert set(round_.frameworks.values_list("group", flat=True)) == {"provincial_amc", "provincial_sme"}


def test_one_round_per_scheme_and_year(world, scheme) -> None:
    create_round(scheme, 2025, by=world.users["admin"])
    with pytest.raises(ActionRefused, match="已存在"):
        create_round(scheme, 2025, by=world.users["admin"])
    assert Round.objects.count() == 1


@pytest.mark.parametrize("who", ["province", "city_a", "county_a1", "submitter_a1", "expert", "outsider"])
def test_only_the_province_admin_creates(world, scheme, who) -> None:
    with pytest.raises(ActionRefused):
        create_round(scheme, 2025, by=world.users[who])
    assert not Round.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_silly_year_is_refused(world, scheme) -> None:
    with pytest.raises(ActionRefused):
        create_round(scheme, 1999, by=world.users["admin"])
