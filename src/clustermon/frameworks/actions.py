"""Importing a shipped scheme (src/clustermon/schemes/<code>/) into the database.

`import_scheme` loads the scheme with the scoring core, creates or updates its `Scheme` row and
stores one `FrameworkVersion` per group holding the resolved document (`Framework.to_dict()`).
It is idempotent: a group whose newest stored version has the same content hash gets no new
version, so running it again after an edit of the YAML files stores only what changed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import yaml
from django.db import transaction
from django.utils.translation import gettext

from clustermon import scoring
from clustermon.audit.log import record
from clustermon.frameworks.models import FrameworkVersion, Scheme
from clustermon.frameworks.versions import _free_label, content_hash, current_version
from clustermon.registry.models import Province
from clustermon.web.errors import ActionRefused

if TYPE_CHECKING:
    from clustermon.accounts.models import User


def manifest_of(loaded: scoring.Scheme) -> dict[str, Any]:
    """The manifest as the `Scheme` row keeps it: names, groups and the scheme's policies."""
    return {
        "code": loaded.code,
        "name": dict(loaded.name),
        "authority": dict(loaded.authority) if loaded.authority else None,
        "basis": dict(loaded.basis) if loaded.basis else None,
        "groups": [{"code": g.code, "name": dict(g.name), "framework": g.framework} for g in loaded.groups],
        "grade_policy": loaded.grade_policy.to_dict(),
        "rating_policy": loaded.rating_policy.to_dict(),
        "aggregation": loaded.aggregation.to_dict(),
    }


def _declared_province(loaded: scoring.Scheme) -> dict[str, str] | None:
    """A `province: {code, name, name_en}` mapping in the scheme's manifest file, if it has one."""
    if loaded.path is None:
        return None
    with open(loaded.path / "scheme.yaml", encoding="utf-8") as handle:
        data = yaml.safe_load(handle) or {}
    declared = data.get("province") if isinstance(data, dict) else None
    return declared if isinstance(declared, dict) and declared.get("code") else None


def _province(loaded: scoring.Scheme, given: Province | None) -> Province:
    if given is not None:
        return given
    declared = _declared_province(loaded)
    if declared is None:
        raise ActionRefused(gettext("The scheme %(scheme)s names no province: give the province to import it "
                                    "into.") % {"scheme": loaded.code})
    province, _ = Province.objects.get_or_create(
        code=declared["code"],
        defaults={"name": declared.get("name") or declared["code"], "name_en": declared.get("name_en") or ""},
    )
    return province


@transaction.atomic
def import_scheme(code: str, *, by: User | None = None, province: Province | None = None) -> Scheme:
    """Load the shipped scheme `code` and store it with one framework version per group.

    The province is `province` if given, else the manifest's `province:` entry. Raises
    `ActionRefused` when the files are invalid (listing the first problems) or no province is known.
    """
    try:
        loaded = scoring.load_scheme(code)
    except scoring.FrameworkError as exc:
        shown = "; ".join(str(issue) for issue in exc.issues[:5])
        raise ActionRefused(gettext("The scheme %(scheme)s is not valid: %(problems)s")
                            % {"scheme": code, "problems": shown}) from None
    province_row = _province(loaded, province)
    manifest = manifest_of(loaded)
    scheme, created = Scheme.objects.select_for_update().get_or_create(
        code=loaded.code,
        defaults={"name": loaded.name.get("zh") or loaded.code, "name_en": loaded.name.get("en", ""),
                  "province": province_row, "manifest": manifest},
    )
    if not created and scheme.province_id != province_row.pk:
        raise ActionRefused(gettext("The scheme %(scheme)s already belongs to another province.")
                            % {"scheme": loaded.code})
    if not created and scheme.manifest != manifest:
        scheme.manifest = manifest
        scheme.name = loaded.name.get("zh") or loaded.code
        scheme.name_en = loaded.name.get("en", "")
        scheme.save(update_fields=["manifest", "name", "name_en"])
    stored: dict[str, str] = {}
    for group in loaded.groups:
        version = _store_version(scheme, loaded.framework(group.code), by=by)
        if version is not None:
            stored[group.code] = version.version
    if created or stored:
        record("scheme.imported", scheme, by=by,
               after={"scheme": scheme.code, "created": created, "versions": stored})
    return scheme


def _store_version(scheme: Scheme, framework: scoring.Framework, *, by: User | None) -> FrameworkVersion | None:
    """A new version of the group's framework, or None when the newest one has the same content."""
    document = framework.to_dict()
    previous = current_version(scheme, framework.group)
    if previous is not None and _same_content(previous, document, framework.content_hash()):
        return None
    # A changed file that kept its version label is stored as "<label>-2" (labels are unique).
    document["version"] = _free_label(scheme, framework.group, framework.version)
    return FrameworkVersion.objects.create(
        scheme=scheme, group=framework.group, version=document["version"], document=document,
        content_hash=content_hash(document), previous=previous,
        created_by=by if getattr(by, "pk", None) else None,
        reason=gettext("Imported from the shipped scheme files."),
    )


def _same_content(previous: FrameworkVersion, document: dict[str, Any], digest: str) -> bool:
    """Same hash, or the same document apart from a label made unique at an earlier import."""
    if previous.content_hash == digest:
        return True
    return content_hash({**previous.document, "version": ""}) == content_hash({**document, "version": ""})
