"""Schemes: a manifest (`scheme.yaml`) with policies and one framework file per group.

Shipped schemes live under `clustermon/schemes/<code>/`; a scheme can also be loaded from any
folder. Issues from the manifest and from every framework and tree file are reported together.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from clustermon.scoring.framework import Framework, GroupSpec, Scheme
from clustermon.scoring.loader import load_framework, policy_from, string_field
from clustermon.scoring.policy import (
    DEFAULT_AGGREGATION_POLICY,
    DEFAULT_GRADE_POLICY,
    DEFAULT_RATING_POLICY,
    AggregationPolicy,
    GradePolicy,
    RatingPolicy,
)
from clustermon.scoring.tree import label_of, read_yaml
from clustermon.scoring.validation import (
    CODE_RE,
    FrameworkError,
    Issues,
    check_code,
    join,
    text_field,
    type_name,
    unknown_keys,
)

SCHEMES_DIR = Path(__file__).resolve().parent.parent / "schemes"
MANIFEST = "scheme.yaml"


MANIFEST_KEYS = (
    "code",
    "name",
    "authority",
    "basis",
    "groups",
    "grade_policy",
    "rating_policy",
    "aggregation",
)
GROUP_KEYS = ("code", "name", "framework")


def list_schemes() -> list[str]:
    """Codes of the schemes shipped under clustermon/schemes/, sorted."""
    if not SCHEMES_DIR.is_dir():
        return []
    return sorted(p.name for p in SCHEMES_DIR.iterdir() if (p / MANIFEST).is_file())


def benchmark_scheme() -> str:
    """The shipped scheme benchmarks use by default, named in `schemes/defaults.yaml`."""
    import yaml

    defaults = yaml.safe_load((SCHEMES_DIR / "defaults.yaml").read_text(encoding="utf-8")) or {}
    return str(defaults.get("benchmark") or list_schemes()[0])


def _scheme_path(code_or_path: str | Path) -> Path | None:
    candidate = Path(code_or_path)
    if (
        isinstance(code_or_path, Path)
        or candidate.suffix in (".yaml", ".yml")
        or candidate.exists()
    ):
        return candidate.parent if candidate.is_file() else candidate
    if CODE_RE.match(str(code_or_path)) and (SCHEMES_DIR / str(code_or_path) / MANIFEST).is_file():
        return SCHEMES_DIR / str(code_or_path)
    return None


def load_scheme(code_or_path: str | Path) -> Scheme:
    """Load a scheme by code (a folder under clustermon/schemes/) or by path (its folder or its
    scheme.yaml), with every group's framework resolved. Raises FrameworkError listing every
    issue in the manifest and in all framework and tree files."""
    folder = _scheme_path(code_or_path)
    if folder is None:
        issues = Issues(str(code_or_path))
        issues.add(
            "unknown_scheme", "", value=str(code_or_path), known=", ".join(list_schemes()) or "none"
        )
        raise FrameworkError(issues.items)
    manifest = folder / MANIFEST
    issues = Issues(str(manifest))
    data = read_yaml(manifest, issues, "")
    if not isinstance(data, Mapping):
        if data is not None or not issues.items:
            issues.add("not_a_mapping", "", got=type_name(data))
        raise FrameworkError(issues.items)
    unknown_keys(data, MANIFEST_KEYS, "", issues)
    code = string_field(data, "code", issues)
    name = text_field(data.get("name"), "name", issues)
    authority = text_field(data.get("authority"), "authority", issues, required=False)
    basis = text_field(data.get("basis"), "basis", issues, required=False)
    grade = policy_from(
        data.get("grade_policy"), "grade_policy", GradePolicy, DEFAULT_GRADE_POLICY, issues
    )
    rating = policy_from(
        data.get("rating_policy"), "rating_policy", RatingPolicy, DEFAULT_RATING_POLICY, issues
    )
    agg = policy_from(
        data.get("aggregation"),
        "aggregation",
        AggregationPolicy,
        DEFAULT_AGGREGATION_POLICY,
        issues,
    )
    groups: list[GroupSpec] = []
    frameworks: dict[str, Framework] = {}
    groups_raw = data.get("groups")
    if not isinstance(groups_raw, list) or not groups_raw:
        issues.add(
            "missing_field" if groups_raw is None else "not_a_list",
            "groups",
            field="groups",
            got=type_name(groups_raw),
        )
        groups_raw = []
    seen: dict[str, str] = {}
    for i, raw in enumerate(groups_raw):
        path = f"groups[{label_of(raw, i)}]"
        if not isinstance(raw, Mapping):
            issues.add("not_a_mapping", path, got=type_name(raw))
            continue
        unknown_keys(raw, GROUP_KEYS, path, issues)
        group_code = check_code(raw.get("code"), path, issues, seen)
        group_name = text_field(raw.get("name"), join(path, "name"), issues)
        file = raw.get("framework")
        if not isinstance(file, str) or not file:
            issues.add("missing_field", join(path, "framework"), field="framework")
            continue
        if group_code is None or group_name is None:
            continue
        fw_path = (folder / file).resolve()
        if not fw_path.is_relative_to(folder.resolve()):
            issues.add("tree_outside", join(path, "framework"), target=file)
            continue
        groups.append(GroupSpec(group_code, group_name, file))
        try:
            framework = load_framework(fw_path, grade_policy=grade, aggregation=agg)
        except FrameworkError as exc:
            issues.items.extend(exc.issues)
            continue
        for field_name, expected in (("scheme", code), ("group", group_code)):
            if expected is not None and getattr(framework, field_name) != expected:
                issues.add(
                    "mismatch",
                    field_name,
                    file=str(fw_path),
                    field=field_name,
                    value=getattr(framework, field_name),
                    expected=expected,
                )
        frameworks[group_code] = framework
    if issues.items:
        raise FrameworkError(issues.items)
    return Scheme(
        code=code,
        name=name,
        groups=tuple(groups),
        frameworks=frameworks,  # type: ignore[arg-type]
        grade_policy=grade,
        rating_policy=rating,
        aggregation=agg,
        authority=authority,
        basis=basis,
        path=folder,
    )
