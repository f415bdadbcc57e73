"""Forms of the application pages (the form's own fields are read from the call's rules in the view)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clustermon import policy
from clustermon.accounts.models import Role
from clustermon.applications.actions import has_call_file
from clustermon.registry.models import County


class CallCreateForm(forms.Form):
    scheme = forms.ModelChoiceField(label=_("Scheme"), queryset=None, empty_label=None)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    deadline = forms.DateField(label=_("Deadline (last day)"), widget=forms.DateInput(attrs={"type": "date"}),
                               required=False, help_text=_("Empty: the call file's default day in that year."))
    title = forms.CharField(label=_("Title"), max_length=160, required=False)

    def __init__(self, *args, user, **kwargs) -> None:  # noqa: ANN001, ANN002, ANN003
        super().__init__(*args, **kwargs)
        schemes = [s.pk for s in policy.schemes_for(user) if has_call_file(s)]
        self.fields["scheme"].queryset = policy.schemes_for(user).filter(pk__in=schemes)
        self.fields["year"].initial = timezone.localdate().year


class ApplyForm(forms.Form):
    name = forms.CharField(label=_("Proposed cluster name"), max_length=160)
    leading_industry = forms.CharField(label=_("Leading industry"), max_length=120, required=False)
    core_park_name = forms.CharField(label=_("Core park"), max_length=120, required=False)
    promotion_organisation_name = forms.CharField(label=_("Promotion organisation"), max_length=160, required=False)
    park_county = forms.ModelChoiceField(label=_("County of the core park"), queryset=County.objects.none(),
                                         required=False)

    def __init__(self, *args, user, **kwargs) -> None:  # noqa: ANN001, ANN002, ANN003
        super().__init__(*args, **kwargs)
        if user.role == Role.CITY_REVIEWER and user.city_id:
            self.fields["park_county"].queryset = County.objects.filter(city_id=user.city_id)
            self.fields["park_county"].required = True
        else:
            del self.fields["park_county"]


class DeadlineForm(forms.Form):
    deadline = forms.DateField(label=_("Deadline (last day)"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
