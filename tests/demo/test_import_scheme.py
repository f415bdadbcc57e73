"""import_scheme: the shipped scheme into the database, one framework version per group, idempotent."""

from __future__ import annotations

import pytest

from clustermon import scoring
from clustermon.audit.models import AuditEvent
from clustermon.frameworks.actions import import_scheme
from clustermon.frameworks.models import FrameworkVersion, Scheme
from clustermon.registry.models import Province
from clustermon.web.errors import ActionRefused

GROUPS = {"national_amc", "national_sme", "provincial_amc", "provincial_sme", "provincial_amc_cultivation",
          "provincial_sme_cultivation"}


@pytest.fixture
def hunan(db) -> Province:
    return Province.objects.create(code="hunan", name="湖南省")


def test_it_stores_the_scheme_and_one_version_per_group(hunan) -> None:
    scheme = import_scheme("hunan-monitoring", province=hunan)
    loaded = scoring.load_scheme("hunan-monitoring")
    assert (scheme.code, scheme.name, scheme.province) == ("hunan-monitoring", "湖南省产业集群监测", hunan)
    assert {g["code"] for g in scheme.groups} == GROUPS
    assert scheme.manifest["rating_policy"]["label_basis"] == "overall"
    versions = {v.group: v for v in scheme.versions.all()}
    assert set(versions) == GROUPS
    for group, version in versions.items():
        framework = loaded.framework(group)
        assert version.document == framework.to_dict()
        assert version.content_hash == framework.content_hash()
        assert version.framework == framework  # the stored document parses back to the same framework
    assert AuditEvent.objects.filter(action="scheme.imported").count() == 1


def test_importing_again_changes_nothing(hunan) -> None:
    import_scheme("hunan-monitoring", province=hunan)
    import_scheme("hunan-monitoring", province=hunan)
    assert Scheme.objects.count() == 1
    assert FrameworkVersion.objects.count() == len(GROUPS)
    assert AuditEvent.objects.filter(action="scheme.imported").count() == 1


def test_a_changed_framework_gets_a_new_version(hunan) -> None:
    import_scheme("hunan-monitoring", province=hunan)
    old = FrameworkVersion.objects.get(group="provincial_amc")
    document = {**old.document, "note": {"zh": "旧版本", "en": "old"}}
    FrameworkVersion.objects.filter(pk=old.pk).update(document=document, content_hash="0" * 64)
    import_scheme("hunan-monitoring", province=hunan)
    newest = FrameworkVersion.objects.filter(group="provincial_amc").order_by("-id").first()
    assert newest.pk != old.pk and newest.previous_id == old.pk
    assert newest.version == f"{old.version}-2"  # labels stay unique within the group
    assert FrameworkVersion.objects.count() == len(GROUPS) + 1
    import_scheme("hunan-monitoring", province=hunan)  # and that new version is recognised next time
    assert FrameworkVersion.objects.count() == len(GROUPS) + 1


def test_a_scheme_without_province_needs_one(db) -> None:
    with pytest.raises(ActionRefused):
        import_scheme("hunan-monitoring")
    assert not Scheme.objects.exists()


def test_an_unknown_scheme_is_refused(hunan) -> None:
    with pytest.raises(ActionRefused):
        import_scheme("no-such-scheme", province=hunan)


def test_a_scheme_stays_with_its_province(hunan) -> None:
    import_scheme("hunan-monitoring", province=hunan)
    hubei = Province.objects.create(code="hubei", name="湖北省")
    with pytest.raises(ActionRefused):
        import_scheme("hunan-monitoring", province=hubei)
