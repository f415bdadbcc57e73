"""Framework pages: one version as a tree, the versions of a group, the changes between two, and
the form that makes a new version of a round's framework (H-Art.9)."""

from __future__ import annotations

import yaml
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from clustermon import policy
from clustermon.frameworks import display, versions
from clustermon.frameworks.forms import NewVersionForm
from clustermon.web.errors import ActionRefused


def _lang() -> str:
    return "en" if (get_language() or "").startswith("en") else "zh"


@require_GET
def version_detail(request: HttpRequest, pk: int) -> HttpResponse:
    version = policy.get_framework_version_for(request.user, pk)
    doc = version.document
    return render(request, "frameworks/version.html", {
        "version": version,
        "group_name": version.scheme.group_name(version.group, _lang()),
        "note": display.text(doc.get("note")),
        "status": doc.get("status", ""),
        "parts": display.parts(doc),
        "bonus": display.catalogue(doc, "bonus"),
        "deduction": display.catalogue(doc, "deduction"),
        "rules": display.rules(doc),
    })


@require_GET
def version_list(request: HttpRequest, scheme_pk: int, group: str) -> HttpResponse:
    scheme = policy.get_scheme_for(request.user, scheme_pk)
    if group not in {g["code"] for g in scheme.groups}:
        raise Http404
    rows = list(policy.framework_versions_for(request.user).filter(scheme=scheme, group=group)
                .order_by("-created_at", "-id"))
    return render(request, "frameworks/versions.html", {
        "scheme": scheme, "group": group, "group_name": scheme.group_name(group, _lang()), "versions": rows,
    })


@require_GET
def version_diff(request: HttpRequest, a: int, b: int) -> HttpResponse:
    old = policy.get_framework_version_for(request.user, a)
    new = policy.get_framework_version_for(request.user, b)
    if (old.scheme_id, old.group) != (new.scheme_id, new.group):
        raise Http404
    changes = versions.diff_versions(old, new)
    return render(request, "frameworks/diff.html", {
        "old": old, "new": new, "changes": changes,
        "group_name": new.scheme.group_name(new.group, _lang()),
    })


# The order in which a person reads a framework (PostgreSQL's jsonb does not keep the key order).
KEY_ORDER = ("scheme", "group", "version", "status", "note", "grade_policy", "aggregation", "parts", "bonus",
             "deduction", "rules", "code", "name", "weight", "points", "kind", "unit", "method", "params",
             "required", "min", "max", "yoy_warning", "definition", "source", "cap", "max_points",
             "description", "left", "op", "right", "message", "indicators", "items", "children")


def _ordered(value: object) -> object:
    if isinstance(value, dict):
        rank = {key: i for i, key in enumerate(KEY_ORDER)}
        keys = sorted(value, key=lambda k: (rank.get(k, len(rank)), k))
        return {k: _ordered(value[k]) for k in keys}
    if isinstance(value, list):
        return [_ordered(v) for v in value]
    return value


def _as_yaml(document: dict) -> str:
    return yaml.safe_dump(_ordered(document), allow_unicode=True, sort_keys=False, width=120)


@require_http_methods(["GET", "POST"])
def new_version(request: HttpRequest, round_pk: int, group: str) -> HttpResponse:
    round_ = policy.get_round_for(request.user, round_pk)
    if group not in {g["code"] for g in round_.scheme.groups}:
        raise Http404
    if not policy.can_manage_round(request.user, round_):
        raise PermissionDenied
    pinned = (round_.frameworks.filter(group=group).select_related("framework_version").first())
    current = pinned.framework_version if pinned else versions.current_version(round_.scheme, group)
    issues: list = []
    if request.method == "POST":
        form = NewVersionForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                version = versions.new_version(round_, group, form.cleaned_data["parsed"], by=request.user,
                                               reason=form.cleaned_data["reason"])
            except versions.FrameworkInvalid as exc:
                form.add_error(None, exc.message)
                issues = [{"path": i.path, "message": versions.issue_text(i)} for i in exc.issues]
            except ActionRefused as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Version %(version)s is now pinned in this round.") % {
                    "version": version.version})
                if version.previous_id:
                    return redirect("frameworks:diff", version.previous_id, version.pk)
                return redirect("frameworks:version", version.pk)
    else:
        form = NewVersionForm(initial={"document": _as_yaml(current.document) if current else ""})
    return render(request, "frameworks/new_version.html", {
        "round": round_, "group": group, "group_name": round_.scheme.group_name(group, _lang()),
        "current": current, "form": form, "issues": issues,
    }, status=400 if request.method == "POST" else 200)
