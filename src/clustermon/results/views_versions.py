"""The versions of a round's results: each computation with its hashes, who computed and approved
it, the reasons for reopening, and what changed between two versions (the province's page)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from clustermon import policy
from clustermon.results.display import grade_name, label_name, language_key, star_text
from clustermon.results.models import ResultSet
from clustermon.results.publication import publication

FIELDS = ("cluster_id", "cluster__name", "cluster__code", "group", "total", "rank", "grade", "stars", "label")


@dataclass
class Change:
    cluster_id: int
    name: str
    group: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None

    @property
    def delta(self) -> Decimal | None:
        if self.before is None or self.after is None:
            return None
        return self.after["total"] - self.before["total"]

    def changed(self, key: str) -> bool:
        return self.before is None or self.after is None or self.before[key] != self.after[key]


def _rows(result_set: ResultSet) -> dict[int, dict[str, Any]]:
    out = {}
    for values in result_set.results.order_by().values_list(*FIELDS):
        row = dict(zip(FIELDS, values, strict=True))
        row["grade_name"] = grade_name(row["grade"])
        row["stars_text"] = star_text(row["stars"])
        row["label_name"] = label_name(row["label"])
        out[row["cluster_id"]] = row
    return out


def diff(a: ResultSet, b: ResultSet) -> tuple[list[Change], int]:
    """Clusters whose total, rank, grade, stars or label differ from `a` to `b` (or that are in one
    only), by group and name; and how many are the same."""
    before, after = _rows(a), _rows(b)
    changes, same = [], 0
    for cid in sorted(set(before) | set(after)):
        x, y = before.get(cid), after.get(cid)
        if x and y and all(x[k] == y[k] for k in ("total", "rank", "grade", "stars", "label")):
            same += 1
            continue
        ref = y or x
        changes.append(Change(cid, ref["cluster__name"], ref["group"], x, y))
    changes.sort(key=lambda c: (c.group, c.name))
    return changes, same


def _number(text: str | None) -> int | None:
    try:
        return int(text) if text else None
    except ValueError:
        return None


def _pick(sets: list[ResultSet], number: int | None) -> ResultSet | None:
    if number is None:
        return None
    found = next((s for s in sets if s.number == number), None)
    if found is None:
        raise Http404
    return found


@require_GET
def versions(request: HttpRequest, round_id: int) -> HttpResponse:
    user = request.user
    round_ = policy.get_round_for(user, round_id)
    if not policy.can_see_result_versions(user):
        raise Http404
    sets = list(policy.result_sets_visible(user, round_).select_related("computed_by", "approved_by")
                .order_by("-number"))
    a = _pick(sets, _number(request.GET.get("a")))
    b = _pick(sets, _number(request.GET.get("b")))
    if b is None and sets:
        b = sets[0]
    if a is None and len(sets) > 1:
        a = next((s for s in sets if s.number < b.number), None)
    changes, same = diff(a, b) if a is not None and b is not None and a.pk != b.pk else ([], 0)
    published = publication(round_)
    first_of_hash: dict[str, int] = {}
    for s in sorted(sets, key=lambda s: s.number):
        first_of_hash.setdefault(s.content_hash, s.number)
    lang = language_key()
    events = list(policy.audit_events_for(user).filter(round_id=round_.pk, action="results.reopened")
                  .select_related("actor").order_by("at", "id"))
    group_names = {g["code"]: round_.scheme.group_name(g["code"], lang) for g in round_.scheme.groups}
    context = {
        "round": round_, "a": a, "b": b, "same": same,
        "versions": [{"s": s, "published": bool(published and published.result_set_id == s.pk),
                      "same_as": first_of_hash[s.content_hash] if first_of_hash[s.content_hash] != s.number else None,
                      "clusters": sum((s.recipe.get("clusters") or {}).values()),
                      "inputs": (s.recipe.get("inputs_sha256") or "")[:12]} for s in sets],
        "changes": [{"c": c, "group": group_names.get(c.group, c.group)} for c in changes],
        "reopenings": events,
    }
    return render(request, "results/versions.html", context)
