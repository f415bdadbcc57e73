"""Excel templates (a cluster's; a county's or a city's for reviewers) and the import page."""

from __future__ import annotations

from collections.abc import Iterable

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from clustermon import policy
from clustermon.accounts.models import Role
from clustermon.registry.models import Cluster
from clustermon.rounds.models import Round
from clustermon.submissions import actions, excel, queries
from clustermon.submissions.models import Submission

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def specs_for(round_: Round, clusters: Iterable[Cluster]) -> list[excel.SheetSpec]:
    """One sheet per cluster that has a pinned framework; four queries whatever their number."""
    clusters = list(clusters)
    frameworks = queries.frameworks_for_round(round_)
    submissions = {s.cluster_id: s for s in Submission.objects.filter(round=round_, cluster__in=clusters)}
    previous = queries.previous_values(round_, [c.pk for c in clusters])
    specs = []
    for cluster in clusters:
        framework = frameworks.get(cluster.group)
        if framework is None:
            continue
        s = submissions.get(cluster.pk)
        specs.append(excel.SheetSpec(
            round=round_, cluster=cluster, framework=framework,
            values=s.values if s else {}, narratives=s.narratives if s else {},
            explanations=s.explanations if s else {}, previous=previous.get(cluster.pk, {})))
    return specs


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def submission_template(request: HttpRequest, pk: int) -> HttpResponse:
    submission = policy.get_submission_for(request.user, pk)
    specs = specs_for(submission.round, [submission.cluster])
    if not specs:
        raise Http404
    name = _("%(year)s %(name)s data template.xlsx") % {"year": submission.round.year,
                                                        "name": submission.cluster.name}
    return _xlsx(excel.build_workbook(specs), name)


@require_GET
def area_template(request: HttpRequest, round_id: int, scope: str, pk: int) -> HttpResponse:
    """All clusters of a county or a city (within the user's scope) in one workbook."""
    round_ = policy.get_round_for(request.user, round_id)
    clusters = policy.clusters_for(request.user).filter(year_withdrawn__isnull=True)
    if scope == "county":
        clusters = clusters.filter(county_id=pk)
    elif scope == "city":
        clusters = clusters.filter(county__city_id=pk)
    else:
        raise Http404
    clusters = list(clusters.order_by("county__code", "code"))
    specs = specs_for(round_, clusters)
    if not specs:
        raise Http404
    place = clusters[0].county.name if scope == "county" else clusters[0].county.city.name
    name = _("%(year)s %(name)s data template.xlsx") % {"year": round_.year, "name": place}
    return _xlsx(excel.build_workbook(specs), name)


@require_http_methods(["GET", "POST"])
def import_workbook(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = policy.get_round_for(request.user, round_id)
    if request.user.role != Role.SUBMITTER and policy.review_level(request.user) is None:
        raise Http404
    context: dict = {"round": round_, "max_mb": excel.workbook_max_bytes() // (1024 * 1024)}
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            context["missing"] = True
        else:
            context["result"] = actions.import_workbook(upload, round_=round_, by=request.user)
            context["filename"] = upload.name
    return render(request, "submissions/import.html", context)
