"""Forms of the expert pages. They only clean input; the actions apply the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from clustermon.experts.models import ConflictKind, split_industries
from clustermon.experts.scale import Leaf, ScoreError
from clustermon.registry.models import City, Cluster, Park


class ExpertForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    field = forms.CharField(label=_("Field of expertise"), max_length=120, required=False)
    industries = forms.CharField(label=_("Industries"), max_length=500, required=False,
                                 help_text=_("Separated by commas or 、, e.g. 装备制造、新材料"))
    home_city = forms.ModelChoiceField(label=_("Home city"), queryset=City.objects.none(), required=False)
    employer = forms.CharField(label=_("Employer"), max_length=160, required=False)
    active = forms.BooleanField(label=_("Available for assignment"), required=False, initial=True)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, province_id: int, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.fields["home_city"].queryset = City.objects.filter(province_id=province_id)

    def clean_industries(self) -> list[str]:
        return split_industries(self.cleaned_data["industries"])


class NewExpertForm(ExpertForm):
    username = forms.CharField(label=_("User name"), max_length=150)
    password = forms.CharField(label=_("Initial password"), required=False, widget=forms.PasswordInput,
                               help_text=_("Leave empty to let the administrator set it later."))

    field_order = ["username", "password", "name"]


class AffiliationForm(forms.Form):
    cluster = forms.ModelChoiceField(label=_("Cluster"), queryset=Cluster.objects.none(), required=False)
    park = forms.ModelChoiceField(label=_("Park"), queryset=Park.objects.none(), required=False)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, province_id: int, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.fields["cluster"].queryset = Cluster.objects.filter(province_id=province_id).order_by("code")
        self.fields["park"].queryset = Park.objects.filter(county__city__province_id=province_id)

    def clean(self) -> dict:
        data = super().clean()
        if bool(data.get("cluster")) == bool(data.get("park")):
            raise forms.ValidationError(_("Choose either a cluster or a park."))
        return data


class AutoAssignForm(forms.Form):
    per_cluster = forms.IntegerField(label=_("Experts per cluster"), min_value=1, max_value=15, initial=5)


class ConflictForm(forms.Form):
    kind = forms.ChoiceField(label=_("Conflict of interest"), choices=ConflictKind.choices,
                             widget=forms.RadioSelect)
    note = forms.CharField(label=_("Details"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def clean(self) -> dict:
        data = super().clean()
        if data.get("kind") == ConflictKind.OTHER and not (data.get("note") or "").strip():
            self.add_error("note", _("Describe the conflict of interest."))
        return data


class DiagnosisForm(forms.Form):
    note = forms.CharField(label=_("Diagnosis note"), widget=forms.Textarea(attrs={"rows": 12}))


def score_entries(leaves: list[Leaf], data) -> tuple[dict[str, tuple[str, str]], dict[str, str]]:  # noqa: ANN001
    """The posted (score, comment) per leaf, and a per-leaf error for scores off the scale."""
    entries, errors = {}, {}
    for leaf in leaves:
        score = (data.get(f"score_{leaf.code}") or "").strip()
        entries[leaf.code] = (score, data.get(f"comment_{leaf.code}") or "")
        if score:
            try:
                leaf.parse(score)
            except ScoreError as error:
                errors[leaf.code] = str(error)
    return entries, errors


def save_posted_scores(request, assignment, leaves: list[Leaf], actions, *, saved: str  # noqa: ANN001
                       ) -> tuple[bool, dict[str, tuple[str, str]], dict[str, str]]:
    """Handle a scoring form: save the scores, submit them when asked, tell the user.

    `actions` is the module whose `save_scores`/`submit_scores` apply (experts or applications).
    Returns (done, posted entries, errors per leaf); on `done` the caller redirects.
    """
    from django.contrib import messages

    from clustermon.web.errors import ActionRefused

    posted, errors = score_entries(leaves, request.POST)
    if errors:
        return False, posted, errors
    try:
        actions.save_scores(assignment, posted, by=request.user)
        if request.POST.get("action") == "submit":
            actions.submit_scores(assignment, by=request.user)
            messages.success(request, _("Your scores are submitted. Thank you."))
        else:
            messages.success(request, saved)
    except ActionRefused as refused:
        messages.error(request, refused.message)
        return False, posted, errors
    return True, posted, errors
