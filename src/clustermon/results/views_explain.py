"""One cluster's result, figure by figure: how each number was obtained (the drill-down page)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from clustermon import policy
from clustermon.accounts.models import User
from clustermon.results import explain as words
from clustermon.results import publication
from clustermon.results.display import grade_name, label_name, language_key, star_text
from clustermon.results.models import ClusterResult
from clustermon.results.views import _small_group


def _expert_names(user: User, explanation: dict) -> dict[int, str]:
    """The province sees who gave each score; everyone else sees "Expert 1", "Expert 2"…"""
    if not policy.is_province(user):
        return {}
    ids = words.expert_ids(explanation)
    if not ids:
        return {}
    return {u.pk: u.get_full_name() or u.username
            for u in policy.experts_for(user).filter(pk__in=ids)}


def _previous_grade(row: ClusterResult) -> tuple[str | None, int | None]:
    previous = row.result_set.recipe.get("previous_result_set") or {}
    if not previous.get("id"):
        return None, None
    grade = (ClusterResult.objects.filter(result_set_id=previous["id"], cluster_id=row.cluster_id)
             .values_list("grade", flat=True).first())
    return grade, previous.get("year")


@require_GET
def explain(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    row = policy.get_cluster_result_for(user, pk)
    result_set = row.result_set
    round_ = result_set.round
    explanation = row.explanation or {}
    recipe = result_set.recipe or {}
    version_id = (recipe.get("frameworks") or {}).get(row.group, {}).get("version_id")
    document = (policy.framework_versions_for(user).filter(pk=version_id).values_list("document", flat=True).first()
                if version_id else None)
    units = words.units_of(document)
    names = _expert_names(user, explanation)
    previous, previous_year = _previous_grade(row)
    label_basis = (recipe.get("rating_policy") or {}).get("label_basis", "overall")
    published = publication.publication(round_)
    context = {
        "row": row, "round": round_, "result_set": result_set, "cluster": row.cluster,
        "group_name": round_.scheme.group_name(row.group, language_key()),
        "grade": grade_name(row.grade), "stars": star_text(row.stars), "label": label_name(row.label),
        "parts": words.parts(explanation, units=units, names=names),
        "base": words.cents(explanation.get("base", row.base)),
        "bonus": words.catalogue(explanation.get("bonus")), "deduction": words.catalogue(explanation.get("deduction")),
        "total_unrounded": words.plain(explanation.get("total_unrounded")),
        "rounding_rule": words.rounding_rule(explanation) if explanation else "",
        "rank_rule": words.rank_rule(explanation) if explanation else "",
        "grade_rule": words.grade_rule(explanation) if explanation else "",
        "rating_rule": words.rating_rule(row.grade, previous, previous_year, row.stars, row.label, label_basis),
        "star_rules": words.star_rules(), "label_rules": words.label_rules(),
        "aggregation_rule": words.aggregation_rule(recipe, row.group),
        "small_group": _small_group(result_set, row.group, row.group_size),
        "missing": explanation.get("missing") or [],
        "framework_version": explanation.get("framework_version", ""),
        "framework_hash": explanation.get("framework_hash", ""),
        "framework_version_id": version_id if document is not None else None,
        "published": published if published and published.result_set_id == result_set.pk else None,
        "show_version": policy.is_province(user),
    }
    return render(request, "results/explain.html", context)
