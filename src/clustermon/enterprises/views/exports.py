"""The index, the flags of a round, the assessment handbook (.docx) and the summary table (.xlsx)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from clustermon import policy
from clustermon.accounts.models import Role
from clustermon.enterprises import actions, flags, handbook, summary
from clustermon.rounds.models import Round
from clustermon.submissions import queries

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "private, no-store"
    return response


def _asks_enterprises(round_: Round) -> bool:
    return any(fw.enterprise_data is not None for fw in queries.frameworks_for_round(round_).values())


def _round(request: HttpRequest, round_id: int) -> Round:
    """A round in the user's scope that asks for enterprise lists, for a reviewer; else 404."""
    round_ = policy.get_round_for(request.user, round_id)
    if not policy.can_see_enterprise_reports(request.user) or not _asks_enterprises(round_):
        raise Http404
    return round_


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The rounds that ask for enterprise lists: a submitter's own lists, reviewers' reports."""
    user = request.user
    rounds = [r for r in policy.rounds_for(user).order_by("-year") if _asks_enterprises(r)]
    own = {}
    if user.role == Role.SUBMITTER and user.cluster_id:
        own = {s.round_id: s for s in policy.submissions_for(user).filter(cluster_id=user.cluster_id,
                                                                          round__in=rounds)}
    reviewer = policy.can_see_enterprise_reports(user)
    cities = list(policy.summary_cities_for(user).order_by("code")) if reviewer else []
    context = {"rows": [{"round": r, "submission": own.get(r.pk)} for r in rounds], "reviewer": reviewer,
               "cities": cities, "whole": policy.is_province(user)}
    return render(request, "enterprises/index.html", context)


@require_GET
def round_flags(request: HttpRequest, round_id: int) -> HttpResponse:
    """Every flag of the round's enterprise lists, for the submissions in the reviewer's scope."""
    round_ = _round(request, round_id)
    subs = {s.pk: s for s in policy.submissions_for(request.user).filter(round=round_)
            .order_by("cluster__county__city__code", "cluster__code")}
    found = flags.flags_for_round(round_, viewer=request.user)
    rows = [{"submission": s, "flags": found[pk]} for pk, s in subs.items() if pk in found]
    return render(request, "enterprises/flags.html", {"round": round_, "rows": rows,
                                                      "checked": len(subs)})


@require_GET
def handbook_docx(request: HttpRequest, pk: int) -> HttpResponse:
    """The assessment handbook of a submission, for everyone who may see the submission."""
    submission = policy.get_submission_for(request.user, pk)
    framework = queries.framework_for(submission)
    if framework is None:
        raise Http404
    result_set = policy.result_set_shown(request.user, submission.round)
    result = (policy.cluster_results_for(request.user, result_set).filter(cluster_id=submission.cluster_id).first()
              if result_set is not None else None)
    data = handbook.HandbookData(
        submission=submission, framework=framework,
        figures=list(actions.figures_of(submission)) if framework.enterprise_data else [],
        evidence=list(submission.evidence.order_by("indicator", "uploaded_at", "id")),
        previous=queries.previous_for(submission), result=result, result_set=result_set if result else None)
    name = _("%(year)s %(name)s assessment handbook.docx") % {"year": submission.round.year,
                                                              "name": submission.cluster.name}
    return _download(handbook.build_handbook(data), DOCX, name)


@require_GET
def summary_xlsx(request: HttpRequest, round_id: int) -> HttpResponse:
    """The summary table of the clusters in the user's scope (the province's: city by city)."""
    round_ = _round(request, round_id)
    data = summary.gather(round_, policy.clusters_for(request.user))
    title = _("%(round)s · data summary table") % {"round": round_.title}
    content = summary.build_summary(data, title=title, by_city=policy.is_province(request.user))
    return _download(content, XLSX, _("%(round)s data summary.xlsx") % {"round": round_.title})


@require_GET
def city_summary_xlsx(request: HttpRequest, round_id: int, city_id: int) -> HttpResponse:
    """The summary table of one city (its province's roles, or its own city reviewer)."""
    round_ = _round(request, round_id)
    city = policy.get_summary_city_for(request.user, city_id)
    clusters = policy.clusters_for(request.user).filter(county__city=city)
    data = summary.gather(round_, clusters)
    title = _("%(round)s · data summary table · %(city)s") % {"round": round_.title, "city": city.name}
    content = summary.build_summary(data, title=title, by_city=False)
    return _download(content, XLSX, _("%(round)s data summary %(city)s.xlsx") % {"round": round_.title,
                                                                                 "city": city.name})
