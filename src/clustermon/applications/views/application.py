"""One application: the form (申报表), the automatic checks, the materials checklist, the review
chain, the province's judgements, its experts and its place on the recommended list."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from clustermon import policy
from clustermon.applications import actions, queries, validation
from clustermon.applications.forms import ApplyForm
from clustermon.applications.models import Application, ApplicationStatus, CallStatus
from clustermon.registry.models import County
from clustermon.submissions import evidence as files
from clustermon.submissions.uploads import UploadRefused
from clustermon.web.errors import ActionRefused

FIELD_PREFIX = "f-"


def _version(request: HttpRequest) -> int | None:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return None


def _context(request: HttpRequest, application: Application, *, problems: validation.Completeness | None = None,
             posted: dict | None = None) -> dict:
    user = request.user
    call = application.call
    rules = call.parsed
    values = dict(application.values or {})
    if posted is not None:
        values.update(posted)
    problems = problems or validation.check(rules, values, complete=False)
    results = list(application.condition_results.select_related("judged_by"))
    conditions = queries.condition_rows(rules, results)
    materials = list(application.materials.all())
    checklist = queries.checklist(rules, materials)
    editable = policy.can_edit_application(user, application)
    can_organise = policy.can_organise_call(user, call)
    assignments = list(application.assignments.select_related("expert").prefetch_related("scores"))
    decision = getattr(application, "decision", None)
    return {
        "application": application, "call": call, "rules": rules, "editable": editable,
        "fields": validation.field_rows(rules, values, problems.fields), "problems": problems,
        "profile_rows": _profile_rows(user, application, problems) if editable else [],
        "conditions": conditions, "failing": queries.failing(conditions),
        "needs_judgement": [c for c in conditions if c.get("outcome") == "needs_judgement"],
        "checklist": checklist, "missing_items": [i for i in checklist if i["missing"]],
        "accept": {m.code: files.EvidenceRules(0, m.types).accept if m.types else files.DEFAULT_RULES.accept
                   for m in rules.materials},
        "reviews": list(application.reviews.select_related("by")),
        "can_review": policy.can_review_application(user, application),
        "can_judge": can_organise and application.status in (ApplicationStatus.AT_PROVINCE, ApplicationStatus.ACCEPTED)
        and call.status in actions.JUDGE_STATUSES,
        "can_organise": can_organise,
        "assignments": [{"assignment": a, "summary": queries.expert_summary(rules, [a])} for a in assignments],
        "summary": queries.expert_summary(rules, assignments) if can_organise else None,
        "experts": list(policy.experts_for(user).exclude(pk__in=[a.expert_id for a in assignments]))
        if can_organise and call.status in actions.ASSIGN_STATUSES
        and application.status == ApplicationStatus.ACCEPTED else [],
        "decision": decision,
        "can_override": can_organise and decision is not None and call.status == CallStatus.EXPERT_REVIEW,
        "deadline_passed": actions._deadline_passed(call),
    }


def _profile_rows(user, application: Application, problems: validation.Completeness) -> list[dict]:  # noqa: ANN001
    form = ApplyForm(user=user, initial={
        "name": application.name, "leading_industry": application.leading_industry,
        "core_park_name": application.core_park_name,
        "promotion_organisation_name": application.promotion_organisation_name,
        "park_county": application.park_county_id})
    return [{"field": f, "required": f.name in validation.REQUIRED_PROFILE or f.field.required,
             "error": problems.profile.get(f.name)} for f in form]


@require_http_methods(["GET", "POST"])
def application_page(request: HttpRequest, pk: int) -> HttpResponse:
    application = policy.get_application_for(request.user, pk)
    if request.method == "GET":
        return render(request, "applications/application.html", _context(request, application))
    if not policy.is_applicant(request.user, application):
        raise PermissionDenied
    rules = application.call.parsed
    # Fields not posted keep their value; an unticked checkbox is absent, so yes/no fields count as
    # posted whenever the page's form was (its hidden `form` marker).
    posted = {spec.code: request.POST.get(FIELD_PREFIX + spec.code, "") for spec in rules.fields
              if FIELD_PREFIX + spec.code in request.POST or (spec.type == "boolean" and "form" in request.POST)}
    profile = {name: request.POST.get(name, "") for name in validation.PROFILE_FIELDS if name in request.POST}
    park_county = None
    if request.POST.get("park_county"):
        park_county = County.objects.filter(pk=request.POST["park_county"]).first()
    try:
        problems = actions.save_application(application, by=request.user, values=posted, profile=profile,
                                            park_county=park_county, expected_version=_version(request))
        if request.POST.get("action") == "submit":
            actions.submit_application(application, by=request.user)
            messages.success(request, _("The application was submitted (%(status)s).")
                             % {"status": application.get_status_display()})
            return redirect("applications:application", pk=application.pk)
    except actions.ApplicationIncomplete as exc:
        messages.error(request, exc.message)
        return render(request, "applications/application.html",
                      _context(request, application, problems=exc.completeness), status=400)
    except ActionRefused as exc:
        messages.error(request, exc.message)
        return render(request, "applications/application.html",
                      _context(request, application, posted=posted), status=400)
    if problems.fields:
        messages.warning(request, _("Saved. Some values need attention; they are marked."))
    else:
        messages.success(request, _("Saved."))
    return redirect("applications:application", pk=application.pk)


@require_POST
def material_add(request: HttpRequest, pk: int) -> HttpResponse:
    application = policy.get_application_for(request.user, pk)
    if not policy.is_applicant(request.user, application):
        raise PermissionDenied
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a file to upload."))
    else:
        try:
            actions.add_material(application, request.POST.get("item", ""), upload, by=request.user)
        except ActionRefused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The file was uploaded."))
    return redirect(f"{application_url(application)}#materials")


def application_url(application: Application) -> str:
    from django.urls import reverse

    return reverse("applications:application", kwargs={"pk": application.pk})


@require_POST
def material_remove(request: HttpRequest, pk: int, material_pk: int) -> HttpResponse:
    application = policy.get_application_for(request.user, pk)
    material = application.materials.filter(pk=material_pk).first()
    if material is None:
        raise Http404
    if not policy.is_applicant(request.user, application):
        raise PermissionDenied
    try:
        actions.remove_material(material, by=request.user)
    except ActionRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The file was removed."))
    return redirect(f"{application_url(application)}#materials")


@require_GET
def material_download(request: HttpRequest, pk: int) -> FileResponse:
    material = policy.get_application_material_for(request.user, pk)
    try:
        handle = files.absolute(material.path).open("rb")
    except (OSError, UploadRefused):
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=material.name, content_type=material.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


def _reviewed(request: HttpRequest, pk: int) -> Application:
    """In scope; whether this user's level holds it is the action's to say (refused with a message)."""
    return policy.get_application_for(request.user, pk)


@require_POST
def review_pass(request: HttpRequest, pk: int) -> HttpResponse:
    application = _reviewed(request, pk)
    try:
        actions.pass_application(application, by=request.user, expected_version=_version(request) or 0)
    except ActionRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Passed on."))
    return redirect("applications:application", pk=application.pk)


@require_POST
def review_return(request: HttpRequest, pk: int) -> HttpResponse:
    application = _reviewed(request, pk)
    try:
        actions.return_application(application, by=request.user, reason=request.POST.get("reason", ""),
                                   expected_version=_version(request) or 0)
    except ActionRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Returned to the applicant."))
    return redirect("applications:application", pk=application.pk)


def _organised(request: HttpRequest, pk: int) -> Application:
    application = policy.get_application_for(request.user, pk)
    if not policy.can_organise_call(request.user, application.call):
        raise PermissionDenied
    return application


@require_POST
def judge(request: HttpRequest, pk: int) -> HttpResponse:
    application = _organised(request, pk)
    try:
        actions.judge_condition(application, request.POST.get("condition", ""),
                                request.POST.get("decision") == "accept", by=request.user,
                                reason=request.POST.get("reason", ""))
    except ActionRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The judgement was recorded."))
    return redirect("applications:application", pk=application.pk)


@require_POST
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    application = _organised(request, pk)
    experts = list(policy.experts_for(request.user).filter(pk__in=request.POST.getlist("experts")))
    try:
        if not experts:
            raise ActionRefused(_("Choose at least one expert."))
        actions.assign_experts(application, experts, by=request.user)
    except ActionRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The experts were assigned."))
    return redirect("applications:application", pk=application.pk)


@require_POST
def recommendation(request: HttpRequest, pk: int) -> HttpResponse:
    application = _organised(request, pk)
    try:
        actions.set_recommendation(application, request.POST.get("recommended") == "1", by=request.user,
                                   reason=request.POST.get("reason", ""))
    except ActionRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The recommendation was changed."))
    return redirect("applications:recommended", pk=application.call_id)
