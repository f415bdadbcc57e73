"""The province's searchable audit trail. Read-only: the application never edits an event."""

from __future__ import annotations

import datetime as dt

from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from clustermon import policy
from clustermon.audit.forms import AuditSearchForm
from clustermon.audit.queries import entries, with_related

PAGE_SIZE = 50


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _filtered(events: QuerySet, data: dict) -> QuerySet:
    """Apply each filter the form was given."""
    if data.get("actor"):
        term = data["actor"].strip()
        events = events.filter(Q(actor__username__icontains=term) | Q(actor__first_name__icontains=term)
                               | Q(actor__last_name__icontains=term))
    if data.get("action"):
        events = events.filter(action=data["action"])
    if data.get("cluster"):
        events = events.filter(cluster=data["cluster"])
    if data.get("round"):
        events = events.filter(round=data["round"])
    if data.get("since"):
        events = events.filter(at__gte=_day_start(data["since"]))
    if data.get("until"):
        events = events.filter(at__lt=_day_start(data["until"] + dt.timedelta(days=1)))
    if data.get("q"):
        term = data["q"].strip()
        events = events.filter(
            Q(reason__icontains=term) | Q(action__icontains=term) | Q(object_id=term)
            | Q(before__icontains=term) | Q(after__icontains=term) | Q(cluster__name__icontains=term)
            | Q(round__title__icontains=term) | Q(actor__username__icontains=term)
        )
    return events


@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    if not policy.can_search_audit(request.user):
        raise Http404
    events = policy.audit_events_for(request.user)
    actions = sorted(events.order_by().values_list("action", flat=True).distinct())
    form = AuditSearchForm(request.GET or None, user=request.user, actions=actions)
    if form.is_bound and form.is_valid():
        events = _filtered(events, form.cleaned_data)
    page = Paginator(with_related(events).order_by("-at", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "audit/list.html", {
        "form": form, "page": page, "rows": entries(page.object_list), "query": query.urlencode(),
    })
