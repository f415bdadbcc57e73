"""The lists of plans: the entry page, a round's plans with filters and counts, and the export of
missing and late plans."""

from __future__ import annotations

import csv
import io

from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET

from clustermon import policy
from clustermon.accounts.models import Role
from clustermon.plans import queries
from clustermon.plans.forms import DueForm, RequireForm
from clustermon.plans.models import PlanKind, PlanStatus
from clustermon.registry.models import City
from clustermon.results.display import grade_name
from clustermon.rounds.models import RoundStatus

VISIBLE = (RoundStatus.PUBLISHED, RoundStatus.CLOSED)


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """Submitters: their cluster's plans. Officials: the rounds with plans, with their counts."""
    user = request.user
    if not policy.can_see_plans(user):
        raise Http404
    today = timezone.localdate()
    requirements = policy.plan_requirements_for(user)
    if user.role == Role.SUBMITTER:
        mine = queries.rows(requirements.order_by("-round__year"), today)
        mine.sort(key=lambda row: -row.requirement.round.year)
        return render(request, "plans/index_submitter.html", {"rows": mine, "today": today})
    rounds = list(policy.rounds_for(user).filter(Q(status__in=VISIBLE) | Q(pk__in=requirements.values("round_id")))
                  .order_by("-year"))
    counts = queries.counts_by_round(requirements, today)
    return render(request, "plans/index.html", {
        "rounds": [(r, counts.get(r.pk)) for r in rounds], "is_admin": policy.is_province_admin(user)})


def _listed(request: HttpRequest, round_id: int):  # noqa: ANN202 - (Round, QuerySet[PlanRequirement])
    if not policy.can_list_plans(request.user):
        raise Http404
    round_ = policy.get_round_for(request.user, round_id)
    return round_, policy.plan_requirements_for(request.user).filter(round=round_)


@require_GET
def round_plans(request: HttpRequest, round_id: int) -> HttpResponse:
    user = request.user
    round_, requirements = _listed(request, round_id)
    today = timezone.localdate()
    filters = queries.Filters.from_query(request.GET)
    rows = queries.rows(queries.filtered(requirements, filters, today), today)
    can_manage = policy.can_manage_plans(user, round_)
    context = {
        "round": round_, "rows": rows, "counts": queries.counts(requirements, today), "filters": filters,
        "today": today, "kinds": PlanKind.choices, "statuses": PlanStatus.choices,
        "cities": list(City.objects.filter(province_id=user.province_id).order_by("code")) if policy.is_province(user)
        else [],
        "can_manage": can_manage,
    }
    if can_manage:
        clusters = list(requirements.order_by("cluster__code").values_list("cluster_id", "cluster__name"))
        context.update(require_form=RequireForm(), due_form=DueForm(clusters=clusters))
    return render(request, "plans/round.html", context)


def _safe(cell: object) -> str:
    """A cell that a spreadsheet will not run as a formula."""
    text = str(cell)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@require_GET
def export(request: HttpRequest, round_id: int) -> HttpResponse:
    """The plans that are missing or late, as CSV (UTF-8 with BOM, opens in Excel)."""
    round_, requirements = _listed(request, round_id)
    today = timezone.localdate()
    rows = queries.rows(requirements.filter(queries.MISSING | queries.late_q(today)), today)
    header = [_("City"), _("County"), _("Cluster"), _("Grade"), _("Kind of plan"), _("Due date"), _("Status"),
              _("Handed in on"), pgettext("plans", "Missing"), _("Days late")]
    lines = [header] + [[
        r.requirement.cluster.county.city.name, r.requirement.cluster.county.name, r.requirement.cluster.name,
        grade_name(r.requirement.grade), r.requirement.get_kind_display(), r.requirement.due.isoformat(),
        r.requirement.get_status_display(),
        r.requirement.first_submitted_on.isoformat() if r.requirement.first_submitted_on else "",
        _("yes") if r.missing else _("no"), r.days_late,
    ] for r in rows]
    buffer = io.StringIO()
    csv.writer(buffer).writerows([[_safe(cell) for cell in line] for line in lines])
    response = HttpResponse(("\ufeff" + buffer.getvalue()).encode(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="plans-missing-late-{round_.year}-{today.isoformat()}.csv"'
    return response
