"""Forms of the plan pages. They only clean input; the actions apply the rules."""

from __future__ import annotations

from collections.abc import Iterable

from django import forms
from django.utils.translation import gettext_lazy as _

from clustermon.plans.models import PlanDecision


class PlanForm(forms.Form):
    document = forms.FileField(label=_("Plan document"), required=False,
                               help_text=_("PDF, Word (.docx) or OFD. Leave empty to keep the current document."))
    timetable = forms.CharField(
        label=_("Timetable"), required=False, widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One milestone per line, starting with its date, e.g. “2027-06-30 完成龙头企业技改”."))
    roadmap = forms.CharField(label=_("Roadmap"), required=False, widget=forms.Textarea(attrs={"rows": 6}))
    focus = forms.MultipleChoiceField(label=_("Focus indicators"), required=False,
                                      widget=forms.CheckboxSelectMultiple)
    note = forms.CharField(label=_("Note to the reviewers"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, codes: Iterable[str] = (), accept: str = "", **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.fields["focus"].choices = [(code, code) for code in codes]
        if accept:
            self.fields["document"].widget.attrs["accept"] = accept


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=PlanDecision.Decision.choices)
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    status = forms.CharField(required=False, widget=forms.HiddenInput)


class RequireForm(forms.Form):
    due = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}))


class DueForm(forms.Form):
    due = forms.DateField(label=_("New due date"), widget=forms.DateInput(attrs={"type": "date"}))
    cluster = forms.TypedChoiceField(label=_("Cluster"), required=False, coerce=int, empty_value=None,
                                     help_text=_("Leave empty to move the due date of every plan of the round."))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, clusters: Iterable[tuple[int, str]] = (), **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.fields["cluster"].choices = [("", _("every plan of the round")), *clusters]
