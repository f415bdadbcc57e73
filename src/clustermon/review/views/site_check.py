"""The province records an on-site check (实地核查) with corrected values, each with a reason."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from clustermon import policy
from clustermon.review import actions, queries
from clustermon.web.errors import ActionRefused

CORRECTION_ROWS = 6


class SiteCheckForm(forms.Form):
    date = forms.DateField(label=gettext_lazy("Date of the check"),
                           widget=forms.DateInput(attrs={"type": "date"}))
    inspectors = forms.CharField(label=gettext_lazy("Inspectors"), max_length=300)
    findings = forms.CharField(label=gettext_lazy("Findings"), widget=forms.Textarea(attrs={"rows": 5}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class CorrectionForm(forms.Form):
    indicator = forms.ChoiceField(label=gettext_lazy("Indicator"), required=False)
    corrected_value = forms.CharField(label=gettext_lazy("Corrected value"), max_length=200, required=False)
    reason = forms.CharField(label=gettext_lazy("Reason"), required=False,
                             widget=forms.TextInput(attrs={"size": 40}))

    def __init__(self, *args, choices=(), **kwargs) -> None:  # noqa: ANN001, ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [("", "—"), *choices]


CorrectionFormSet = forms.formset_factory(CorrectionForm, extra=CORRECTION_ROWS, max_num=50)


@require_http_methods(["GET", "POST"])
def site_check(request: HttpRequest, pk: int) -> HttpResponse:
    submission = policy.get_submission_for(request.user, pk)
    if not policy.can_record_site_check(request.user, submission):
        raise PermissionDenied
    names = queries.indicator_names(submission)
    values = submission.values or {}
    codes = list(names) + sorted(set(values) - set(names))
    choices = [(c, f"{c} {names.get(c, '')} ({values.get(c, '—')})") for c in codes]
    kwargs = {"form_kwargs": {"choices": choices}, "prefix": "c"}
    if request.method == "POST":
        form = SiteCheckForm(request.POST)
        rows = CorrectionFormSet(request.POST, **kwargs)
        if form.is_valid() and rows.is_valid():
            corrections = [
                actions.CorrectionInput(r["indicator"], r["corrected_value"], r["reason"])
                for r in rows.cleaned_data if r and (r.get("indicator") or r.get("corrected_value"))
            ]
            try:
                actions.record_site_check(
                    submission, by=request.user, date=form.cleaned_data["date"],
                    inspectors=form.cleaned_data["inspectors"], findings=form.cleaned_data["findings"],
                    corrections=corrections, expected_version=form.cleaned_data["version"],
                )
            except ActionRefused as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("The on-site check has been recorded."))
                return redirect("review:submission", pk=submission.pk)
        status = 400
    else:
        form = SiteCheckForm(initial={"version": submission.version})
        rows = CorrectionFormSet(**kwargs)
        status = 200
    return render(request, "review/site_check.html", {
        "submission": submission, "round": submission.round, "form": form, "rows": rows,
    }, status=status)
