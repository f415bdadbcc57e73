"""For reviewers: the outlier report of a round. For the province: evidence limits."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from clustermon import policy
from clustermon.submissions import actions, outliers
from clustermon.submissions import evidence as files
from clustermon.submissions.models import EvidencePolicy
from clustermon.submissions.validation import localized


@require_GET
def outlier_report(request: HttpRequest, round_id: int) -> HttpResponse:
    """Flagged values of the clusters in the user's scope, computed across each whole group."""
    round_ = policy.get_round_for(request.user, round_id)
    if not policy.can_see_outliers(request.user):
        raise Http404
    groups = outliers.assessed_rows(round_)
    visible = {s.pk: s for s in policy.submissions_for(request.user).filter(round=round_)}
    sections = []
    for group, (framework, rows) in sorted(groups.items()):
        indicators = []
        for entry in outliers.report_for_group(framework, rows):
            flagged = [{"submission": visible[pk], "value": value, "z": z}
                       for pk, value, z in entry["flagged"] if pk in visible]
            if flagged:
                indicators.append({**entry, "name": localized(entry["field"].name), "flagged": flagged})
        sections.append({"group": round_.scheme.group_name(group), "count": len(rows), "indicators": indicators})
    context = {"round": round_, "sections": sections, "threshold": outliers.THRESHOLD,
               "min_group": outliers.MIN_GROUP}
    return render(request, "submissions/outliers.html", context)


class EvidencePolicyForm(forms.Form):
    max_size_mb = forms.IntegerField(label=gettext_lazy("Maximum size of one file (MB)"), min_value=1,
                                     max_value=200)
    allowed_types = forms.MultipleChoiceField(
        label=gettext_lazy("Accepted types"), widget=forms.CheckboxSelectMultiple,
        choices=[(t.key, t.label) for t in files.TYPES.values()])


@require_http_methods(["GET", "POST"])
def evidence_policy(request: HttpRequest) -> HttpResponse:
    """The province's evidence limits (for all its rounds)."""
    if not policy.can_manage_evidence_policy(request.user):
        raise Http404
    province_id = request.user.province_id
    current = EvidencePolicy.objects.filter(province_id=province_id, round__isnull=True).first()
    initial = {"max_size_mb": current.max_size_mb if current else files.DEFAULT_MAX_MB,
               "allowed_types": current.allowed_types if current else list(files.DEFAULT_ALLOWED)}
    form = EvidencePolicyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        actions.set_evidence_policy(request.user.province, by=request.user, **form.cleaned_data)
        messages.success(request, _("Evidence limits saved."))
        return redirect("submissions:evidence_policy")
    return render(request, "submissions/evidence_policy.html", {"form": form})
