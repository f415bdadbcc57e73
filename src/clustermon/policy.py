"""Who may see and do what. Every view, API operation, export and download asks here.

Objects outside a user's scope are reported as missing (404), never as forbidden, so that their
existence does not leak. Views never fetch protected models any other way than through the
`*_for` / `get_*_for` helpers below.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Q, QuerySet
from django.http import Http404

from clustermon.accounts.models import Role
from clustermon.registry.models import Cluster
from clustermon.rounds.models import Round, RoundStatus

if TYPE_CHECKING:
    from clustermon.accounts.models import User

# Results become visible outside the province once published (H-Art.14).
VISIBLE_RESULT_STATUSES = frozenset({RoundStatus.PUBLISHED, RoundStatus.CLOSED})


def is_province(user: User) -> bool:
    return user.is_authenticated and user.role in (Role.PROVINCE_ADMIN, Role.PROVINCE_REVIEWER)


def is_province_admin(user: User) -> bool:
    return user.is_authenticated and user.role == Role.PROVINCE_ADMIN


def cluster_scope(user: User) -> Q:
    """A filter on Cluster selecting what the user may see. Nothing for unknown roles."""
    if not user.is_authenticated or user.province_id is None:
        return Q(pk__in=[])
    in_province = Q(province_id=user.province_id)
    if user.role in (Role.PROVINCE_ADMIN, Role.PROVINCE_REVIEWER):
        return in_province
    if user.role == Role.CITY_REVIEWER and user.city_id:
        return in_province & Q(county__city_id=user.city_id)
    if user.role == Role.COUNTY_REVIEWER and user.county_id:
        return in_province & Q(county_id=user.county_id)
    if user.role == Role.SUBMITTER and user.cluster_id:
        return in_province & Q(pk=user.cluster_id)
    if user.role == Role.EXPERT:
        return in_province & (Q(pk__in=_assigned_cluster_ids(user)) | Q(pk__in=_diagnosed_cluster_ids(user)))
    return Q(pk__in=[])


def _assigned_cluster_ids(user: User) -> QuerySet:
    """Clusters assigned to the expert, once they declared no conflict of interest on first
    opening (or submitted scores: rows written before declarations existed)."""
    from clustermon.experts.models import Assignment

    opened = Q(opened_at__isnull=False) | Q(submitted_at__isnull=False)
    return Assignment.objects.filter(opened, expert=user).values("cluster_id")


def _diagnosed_cluster_ids(user: User) -> QuerySet:
    from clustermon.experts.models import Diagnosis

    return Diagnosis.objects.filter(expert=user).values("cluster_id")


def clusters_for(user: User) -> QuerySet[Cluster]:
    """The clusters the user may see, with their places loaded in the same query."""
    return Cluster.objects.filter(cluster_scope(user)).select_related("county__city", "province")


def get_cluster_for(user: User, pk: int) -> Cluster:
    try:
        return clusters_for(user).get(pk=pk)
    except (Cluster.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def rounds_for(user: User) -> QuerySet[Round]:
    """Rounds of the user's province; drafts only for the province."""
    if not user.is_authenticated or user.province_id is None:
        return Round.objects.none()
    rounds = Round.objects.filter(scheme__province_id=user.province_id).select_related("scheme")
    if not is_province(user):
        rounds = rounds.exclude(status=RoundStatus.DRAFT)
    return rounds


def get_round_for(user: User, pk: int) -> Round:
    try:
        return rounds_for(user).get(pk=pk)
    except (Round.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def can_see_results(user: User, round_: Round) -> bool:
    """The province sees results as soon as they are computed; others once published (and still
    while the province corrects published results: the published version stays in force)."""
    from clustermon.results.publication import was_published

    if not user.is_authenticated:
        return False
    return is_province(user) or was_published(round_)


def can_manage_registry(user: User) -> bool:
    return is_province_admin(user) or user.is_superuser


# Submissions and their review -------------------------------------------------------------------


def submissions_for(user: User) -> QuerySet:
    """Submissions of the clusters in the user's scope, in rounds the user may see."""
    from clustermon.submissions.models import Submission

    return Submission.objects.filter(
        cluster_id__in=Cluster.objects.filter(cluster_scope(user)).values("pk"),
        round_id__in=rounds_for(user).values("pk"),
    ).select_related("round__scheme", "cluster__county__city", "cluster__province")


def get_submission_for(user: User, pk: int):  # noqa: ANN201 - Submission
    from clustermon.submissions.models import Submission

    try:
        return submissions_for(user).get(pk=pk)
    except (Submission.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def review_level(user: User) -> str | None:
    """The review level (county, city, province) the user acts at; None if not a reviewer."""
    from clustermon.review.rules import level_of

    return level_of(user)


def can_see_review(user: User) -> bool:
    """Reviewers and submitters see review pages (for objects already fetched in their scope)."""
    return review_level(user) is not None or (user.is_authenticated and user.role == Role.SUBMITTER)


def can_review(user: User, submission) -> bool:  # noqa: ANN001 - Submission in the user's scope
    """Pass up or return: the user's level holds the submission and the round is in review."""
    from clustermon.review.rules import LEVEL_OF_STATUS, REVIEW_ROUND_STATUSES

    level = LEVEL_OF_STATUS.get(submission.status)
    if level is None or level != review_level(user):
        return False
    return submission.round.status in REVIEW_ROUND_STATUSES


def can_record_site_check(user: User, submission) -> bool:  # noqa: ANN001 - Submission in scope
    """The province records on-site checks of submissions it holds or has accepted."""
    from clustermon.review.rules import SITE_CHECK_ROUND_STATUSES, SITE_CHECK_SUBMISSION_STATUSES

    if not is_province(user):
        return False
    if submission.status not in SITE_CHECK_SUBMISSION_STATUSES:
        return False
    return submission.round.status in SITE_CHECK_ROUND_STATUSES


def can_see_progress(user: User) -> bool:
    """The province and the cities follow progress (each within its scope)."""
    return is_province(user) or (user.is_authenticated and user.role == Role.CITY_REVIEWER)


# --- rounds, frameworks and the audit trail -------------------------------------------------------

def can_manage_scheme(user: User, scheme) -> bool:  # noqa: ANN001 - frameworks.Scheme
    """Create rounds, move them, set deadlines and framework versions: the scheme's province admin."""
    return is_province_admin(user) and scheme.province_id == user.province_id


def can_manage_round(user: User, round_: Round) -> bool:
    return can_manage_scheme(user, round_.scheme)


def schemes_for(user: User) -> QuerySet:
    from clustermon.frameworks.models import Scheme

    if not user.is_authenticated or user.province_id is None:
        return Scheme.objects.none()
    return Scheme.objects.filter(province_id=user.province_id)


def get_scheme_for(user: User, pk: int):  # noqa: ANN201 - frameworks.Scheme
    from clustermon.frameworks.models import Scheme

    try:
        return schemes_for(user).get(pk=pk)
    except (Scheme.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def framework_versions_for(user: User) -> QuerySet:
    """Framework versions of the user's province: every official there reads the indicator system."""
    from clustermon.frameworks.models import FrameworkVersion

    return FrameworkVersion.objects.filter(scheme__in=schemes_for(user)).select_related("scheme", "created_by")


def get_framework_version_for(user: User, pk: int):  # noqa: ANN201 - frameworks.FrameworkVersion
    from clustermon.frameworks.models import FrameworkVersion

    try:
        return framework_versions_for(user).get(pk=pk)
    except (FrameworkVersion.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def deadline_extensions_for(user: User, round_: Round) -> QuerySet:
    """The round's extensions the user may see: all for the province, else those of their clusters' cities."""
    from clustermon.rounds.models import DeadlineExtension

    extensions = DeadlineExtension.objects.filter(round=round_).select_related("city", "cluster", "by")
    if is_province(user):
        return extensions
    clusters = Cluster.objects.filter(cluster_scope(user))
    return extensions.filter(Q(cluster__in=clusters) | Q(city__in=clusters.values("county__city_id")))


def can_search_audit(user: User) -> bool:
    return is_province(user)


def audit_events_for(user: User) -> QuerySet:
    """The province's audit trail (province roles only): events of its rounds, clusters or officials."""
    from clustermon.audit.models import AuditEvent

    if not can_search_audit(user) or user.province_id is None:
        return AuditEvent.objects.none()
    in_province = (
        Q(round__scheme__province_id=user.province_id)
        | Q(cluster__province_id=user.province_id)
        | Q(actor__province_id=user.province_id)
    )
    return AuditEvent.objects.filter(in_province)


# ---------------------------------------------------------------------------------------- experts

def can_manage_experts(user: User) -> bool:
    """The province keeps the expert pool and organises the expert review (H-Art.13)."""
    return is_province(user)


def experts_for(user: User) -> QuerySet[User]:
    """The expert pool of the province, profiles loaded; nothing for anyone else."""
    from clustermon.accounts.models import User as UserModel

    if not can_manage_experts(user) or user.province_id is None:
        return UserModel.objects.none()
    return (UserModel.objects.filter(role=Role.EXPERT, province_id=user.province_id)
            .select_related("expert_profile__home_city"))


def get_expert_for(user: User, pk: int) -> User:
    try:
        return experts_for(user).get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404 from None


def assignments_for(user: User) -> QuerySet:
    """An expert's own assignments (rounds past their draft); the province's all of its province."""
    from clustermon.experts.models import Assignment

    assignments = Assignment.objects.select_related("round__scheme", "cluster__county__city", "expert")
    if not user.is_authenticated or user.province_id is None:
        return assignments.none()
    if is_province(user):
        return assignments.filter(round__scheme__province_id=user.province_id)
    if user.role != Role.EXPERT:
        return assignments.none()
    return (assignments.filter(expert=user, round__scheme__province_id=user.province_id)
            .exclude(round__status=RoundStatus.DRAFT))


def get_assignment_for(user: User, pk: int):  # noqa: ANN201 - experts.Assignment
    try:
        return assignments_for(user).get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404 from None


def diagnoses_for(user: User) -> QuerySet:
    """Diagnosis requests: an expert's own; the province's all of its province."""
    from clustermon.experts.models import Diagnosis

    diagnoses = Diagnosis.objects.select_related("round__scheme", "cluster__county__city", "expert")
    if not user.is_authenticated or user.province_id is None:
        return diagnoses.none()
    if is_province(user):
        return diagnoses.filter(round__scheme__province_id=user.province_id)
    if user.role != Role.EXPERT:
        return diagnoses.none()
    return diagnoses.filter(expert=user, round__scheme__province_id=user.province_id)


def get_diagnosis_for(user: User, pk: int):  # noqa: ANN201 - experts.Diagnosis
    try:
        return diagnoses_for(user).get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404 from None


# Submission data entry, Excel import and evidence -------------------------------------------------


def submission_takes_data(submission) -> bool:  # noqa: ANN001 - Submission
    """The submitter holds it and the round takes data: a draft while the round is open, a
    returned submission also during the review phase."""
    from clustermon.submissions.models import EDITABLE_STATUSES, SubmissionStatus

    if submission.status not in EDITABLE_STATUSES:
        return False
    if submission.status == SubmissionStatus.DRAFT:
        return submission.round.status == RoundStatus.OPEN
    return submission.round.status in (RoundStatus.OPEN, RoundStatus.REVIEW)


def can_edit_submission(user: User, submission) -> bool:  # noqa: ANN001 - Submission in scope
    """Only the cluster's own submitter edits and submits, while the submission takes data."""
    if not user.is_authenticated:
        return False
    if user.role != Role.SUBMITTER:
        return False
    if user.cluster_id != submission.cluster_id:
        return False
    return submission_takes_data(submission)


def can_import_submission(user: User, submission) -> bool:  # noqa: ANN001 - Submission in scope
    """Filling values from a workbook: the submitter as above, or a county, city or province
    reviewer collecting data for clusters of their area while the submission takes data.
    Handing in (`submit`) stays the submitter's own act."""
    if can_edit_submission(user, submission):
        return True
    if review_level(user) is None:
        return False
    if not _reviews_cluster(user, submission.cluster):
        return False
    return submission_takes_data(submission)


def _reviews_cluster(user: User, cluster: Cluster) -> bool:
    if is_province(user):
        return cluster.province_id == user.province_id
    if user.role == Role.CITY_REVIEWER:
        return user.city_id is not None and cluster.county.city_id == user.city_id
    if user.role == Role.COUNTY_REVIEWER:
        return user.county_id is not None and cluster.county_id == user.county_id
    return False


def can_start_submission(user: User, round_: Round, cluster: Cluster) -> bool:
    """A submitter opens their cluster's submission of an open round (once)."""
    if not user.is_authenticated or user.role != Role.SUBMITTER:
        return False
    if user.cluster_id != cluster.pk:
        return False
    return round_.status == RoundStatus.OPEN


def can_see_outliers(user: User) -> bool:
    """Reviewers at every level see the outlier report (for the clusters in their scope)."""
    return review_level(user) is not None


def can_manage_evidence_policy(user: User) -> bool:
    return is_province_admin(user)


def evidence_for(user: User) -> QuerySet:
    """Evidence files of the submissions the user may see."""
    from clustermon.submissions.models import Evidence

    return Evidence.objects.filter(submission_id__in=submissions_for(user).values("pk"))


def get_evidence_for(user: User, pk: int):  # noqa: ANN201 - submissions.Evidence
    from clustermon.submissions.models import Evidence

    try:
        return evidence_for(user).select_related("submission").get(pk=pk)
    except (Evidence.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


# --- results -------------------------------------------------------------------------------------

def can_manage_results(user: User, round_: Round) -> bool:
    """Compute, approve and publish results: the province administrator of the round's scheme."""
    return can_manage_round(user, round_)


def result_sets_visible(user: User, round_: Round) -> QuerySet:
    """Result sets of a round (fetched through `get_round_for`) that the user may read.

    The province reads every computation; others read the published set only (H-Art.14; see
    `results.publication`); nobody reads anything while `can_see_results` says no.
    """
    from clustermon.results.models import ResultSet
    from clustermon.results.publication import publication

    if not can_see_results(user, round_):
        return ResultSet.objects.none()
    sets = ResultSet.objects.filter(round=round_)
    if is_province(user):
        return sets
    published = publication(round_)
    return sets.filter(pk=published.result_set_id) if published else sets.none()


def result_set_shown(user: User, round_: Round, number: int | None = None):  # noqa: ANN201 - ResultSet | None
    """The result set a results page shows: `number` if given (404 when not visible); else, while
    the round is in scoring, the newest computation that is not superseded (the province's
    working copy); else the approved set, else the newest computation not superseded. Outside
    the province there is only the published set to show."""
    from clustermon.results.models import ResultSet

    sets = result_sets_visible(user, round_)
    if number is not None:
        try:
            return sets.get(number=number)
        except (ResultSet.DoesNotExist, ValueError, TypeError):
            raise Http404 from None
    if not is_province(user):
        return sets.first()  # the published set, or None
    current = sets.exclude(status=ResultSet.Status.SUPERSEDED).order_by("-number")
    if round_.status == RoundStatus.SCORING:
        return current.first()
    approved = sets.filter(status=ResultSet.Status.APPROVED).order_by("-number").first()
    if approved is not None:
        return approved
    return current.first()


def get_cluster_result_for(user: User, pk: int):  # noqa: ANN201 - ClusterResult
    """One cluster's result with its explanation: a cluster in the user's scope, in a result set
    the user may read (the province: any version; others: the published one)."""
    from clustermon.results.models import ClusterResult
    from clustermon.results.publication import publication

    in_scope = Cluster.objects.filter(cluster_scope(user)).values("pk")
    try:
        row = (ClusterResult.objects.filter(cluster_id__in=in_scope, result_set__round__in=rounds_for(user))
               .select_related("result_set__round__scheme", "result_set__computed_by", "result_set__approved_by",
                               "cluster__county__city", "cluster__promotion_organisation").get(pk=pk))
    except (ClusterResult.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if is_province(user):
        return row
    published = publication(row.result_set.round)
    if published is None or published.result_set_id != row.result_set_id:
        raise Http404
    return row


def can_see_registers(user: User) -> bool:
    """The star and label registers are province-wide lists: every signed-in official, expert or
    submitter of the province reads the published ones."""
    return user.is_authenticated and user.province_id is not None


def can_see_result_versions(user: User) -> bool:
    """The versions of a round's results, with their hashes and differences: the province."""
    return is_province(user)


def cluster_results_for(user: User, result_set) -> QuerySet:  # noqa: ANN001 - a visible ResultSet
    """The rows of a visible result set for the clusters in the user's scope, places loaded."""
    from clustermon.results.models import ClusterResult

    in_scope = Cluster.objects.filter(cluster_scope(user)).values("pk")
    return (ClusterResult.objects.filter(result_set=result_set, cluster_id__in=in_scope)
            .select_related("cluster__county__city"))


def approved_results_of(user: User, cluster: Cluster) -> QuerySet:
    """A cluster's (fetched through `get_cluster_for`) results in the rounds whose results the user
    may see, newest year first: the approved ones for the province, the published ones for others."""
    from clustermon.results.models import ClusterResult, ResultSet
    from clustermon.results.publication import publications

    rows = ClusterResult.objects.filter(cluster=cluster, result_set__round__in=rounds_for(user).values("pk"))
    if is_province(user):
        rows = rows.filter(result_set__status=ResultSet.Status.APPROVED)
    else:
        round_ids = rows.order_by().values_list("result_set__round_id", flat=True).distinct()
        published = [p.result_set_id for p in publications(round_ids).values()]
        rows = rows.filter(result_set_id__in=published)
    return rows.select_related("result_set__round").order_by("-result_set__round__year")


def round_events_for(user: User, round_: Round) -> QuerySet:
    """The round's own audit events (lifecycle, deadlines, frameworks) the user may read on its page.

    Outside the province, events about one cluster or one city's extension are left out.
    """
    from clustermon.audit.queries import events_for

    events = events_for(round_)
    if is_province(user):
        return events
    return events.filter(cluster__isnull=True).exclude(action="round.deadline_extended")


# --- reports ---------------------------------------------------------------------------------------

def comparison_rows(user: User, result_set_ids: list[int]) -> QuerySet:
    """Every cluster's row of the given result sets that the user may read, for a report's group
    averages and bests only: a report of one cluster compares it with its whole group, but never
    names, lists or links the other clusters. Rows of sets the user may not read are left out
    (the province: its province's sets; others: approved sets of published rounds)."""
    from clustermon.results.models import ClusterResult, ResultSet

    rows = ClusterResult.objects.filter(result_set_id__in=result_set_ids,
                                        result_set__round__in=rounds_for(user).values("pk"))
    if is_province(user):
        return rows
    return rows.filter(result_set__status=ResultSet.Status.APPROVED,
                       result_set__round__status__in=VISIBLE_RESULT_STATUSES)


# --- new-cluster applications (申报) ----------------------------------------------------------------

def application_calls_for(user: User) -> QuerySet:
    """Calls of the user's province; drafts only for the province."""
    from clustermon.applications.models import ApplicationCall, CallStatus

    if not user.is_authenticated or user.province_id is None:
        return ApplicationCall.objects.none()
    calls = ApplicationCall.objects.filter(province_id=user.province_id).select_related("scheme", "province")
    if not is_province(user):
        calls = calls.exclude(status=CallStatus.DRAFT)
    return calls


def get_application_call_for(user: User, pk: int):  # noqa: ANN201 - applications.ApplicationCall
    from clustermon.applications.models import ApplicationCall

    try:
        return application_calls_for(user).get(pk=pk)
    except (ApplicationCall.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def can_manage_call(user: User, call) -> bool:  # noqa: ANN001 - ApplicationCall
    """Open, move, approve, announce and recognise: the province administrator of the call's province."""
    return is_province_admin(user) and call.province_id == user.province_id


def can_organise_call(user: User, call) -> bool:  # noqa: ANN001 - ApplicationCall
    """Re-review, judge exceptions, assign experts, build the recommended list: the province."""
    return is_province(user) and call.province_id == user.province_id


def application_scope(user: User) -> Q:
    """A filter on Application: the applicant's own, what was handed up to a level, what an expert
    is assigned. Drafts never handed in stay with their applicant."""
    if not user.is_authenticated or user.province_id is None:
        return Q(pk__in=[])
    in_province = Q(call__province_id=user.province_id)
    handed_in = Q(submitted_at__isnull=False)
    if is_province(user):
        return in_province & handed_in
    if user.role == Role.CITY_REVIEWER and user.city_id:
        return in_province & Q(city_id=user.city_id) & (Q(county__isnull=True) | handed_in)
    if user.role == Role.COUNTY_REVIEWER and user.county_id:
        return in_province & Q(county_id=user.county_id)
    if user.role == Role.EXPERT:
        return in_province & Q(assignments__expert=user)
    return Q(pk__in=[])


def applications_for(user: User) -> QuerySet:
    from clustermon.applications.models import Application

    return (Application.objects.filter(application_scope(user)).distinct()
            .select_related("call__scheme", "city", "county", "park_county"))


def get_application_for(user: User, pk: int):  # noqa: ANN201 - applications.Application
    from clustermon.applications.models import Application

    try:
        return applications_for(user).get(pk=pk)
    except (Application.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def applicant_level_of(user: User) -> str | None:
    """"county" or "city" when the user may apply for their area, else None."""
    if not user.is_authenticated:
        return None
    if user.role == Role.COUNTY_REVIEWER and user.county_id:
        return "county"
    if user.role == Role.CITY_REVIEWER and user.city_id:
        return "city"
    return None


def can_apply(user: User, call) -> bool:  # noqa: ANN001 - ApplicationCall in the user's scope
    """A county (or city) department applies while the call is open, if the call takes its level."""
    from clustermon.applications.models import CallStatus

    level = applicant_level_of(user)
    if level is None or call.province_id != user.province_id:
        return False
    if level not in call.parsed.applicants:
        return False
    return call.status == CallStatus.OPEN


def is_applicant(user: User, application) -> bool:  # noqa: ANN001 - Application
    if not user.is_authenticated:
        return False
    if application.county_id is not None:
        return user.role == Role.COUNTY_REVIEWER and user.county_id == application.county_id
    return user.role == Role.CITY_REVIEWER and user.city_id == application.city_id


def can_edit_application(user: User, application) -> bool:  # noqa: ANN001 - Application in scope
    """The applicant edits a draft while the call is open, a returned one also during review."""
    from clustermon.applications.models import ApplicationStatus, CallStatus

    if not is_applicant(user, application):
        return False
    if application.status == ApplicationStatus.DRAFT:
        return application.call.status == CallStatus.OPEN
    if application.status == ApplicationStatus.RETURNED:
        return application.call.status in (CallStatus.OPEN, CallStatus.REVIEW)
    return False


def can_review_application(user: User, application) -> bool:  # noqa: ANN001 - Application in scope
    """Pass up or return: the city for its counties' applications, then the province."""
    from clustermon.applications.models import ApplicationStatus, CallStatus

    if application.call.status not in (CallStatus.OPEN, CallStatus.REVIEW):
        return False
    if application.status == ApplicationStatus.AT_CITY:
        return user.role == Role.CITY_REVIEWER and user.city_id == application.city_id
    if application.status == ApplicationStatus.AT_PROVINCE:
        return can_organise_call(user, application.call)
    return False


def application_materials_for(user: User) -> QuerySet:
    from clustermon.applications.models import ApplicationMaterial

    return ApplicationMaterial.objects.filter(application_id__in=applications_for(user).values("pk"))


def get_application_material_for(user: User, pk: int):  # noqa: ANN201 - applications.ApplicationMaterial
    from clustermon.applications.models import ApplicationMaterial

    try:
        return application_materials_for(user).select_related("application").get(pk=pk)
    except (ApplicationMaterial.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def application_assignments_for(user: User) -> QuerySet:
    """An expert's own application assignments; the province's all of its province."""
    from clustermon.applications.models import ApplicationAssignment

    assignments = ApplicationAssignment.objects.select_related(
        "application__call__scheme", "application__city", "application__county", "expert")
    if not user.is_authenticated or user.province_id is None:
        return assignments.none()
    in_province = Q(application__call__province_id=user.province_id)
    if is_province(user):
        return assignments.filter(in_province)
    if user.role != Role.EXPERT:
        return assignments.none()
    return assignments.filter(in_province, expert=user)


def get_application_assignment_for(user: User, pk: int):  # noqa: ANN201 - applications.ApplicationAssignment
    from clustermon.applications.models import ApplicationAssignment

    try:
        return application_assignments_for(user).get(pk=pk)
    except (ApplicationAssignment.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def can_see_announcement(user: User, call) -> bool:  # noqa: ANN001 - ApplicationCall in scope
    """Everyone of the province once announced; the province already when it is approved."""
    from clustermon.applications.models import CallStatus

    if call.status == CallStatus.ANNOUNCED:
        return True
    return call.status == CallStatus.DECIDED and can_organise_call(user, call)


# --- follow-up plans (H-Art.15) ------------------------------------------------------------------

PLAN_ROLES = frozenset({Role.PROVINCE_ADMIN, Role.PROVINCE_REVIEWER, Role.CITY_REVIEWER, Role.COUNTY_REVIEWER,
                        Role.SUBMITTER})


def can_see_plans(user: User) -> bool:
    """Officials and submitters see the plans of the clusters in their scope; experts do not."""
    return user.is_authenticated and user.role in PLAN_ROLES


def can_list_plans(user: User) -> bool:
    """The lists of a round's plans: the province, the cities and the counties (each its scope)."""
    return can_see_plans(user) and user.role != Role.SUBMITTER


def can_manage_plans(user: User, round_: Round) -> bool:
    """Require plans and set their due date: the province administrator of the round's scheme."""
    return can_manage_round(user, round_)


def plan_requirements_for(user: User) -> QuerySet:
    """What the clusters in the user's scope owe after the rounds the user may see (requirements
    exist only for rounds whose results were published)."""
    from clustermon.plans.models import PlanRequirement

    if not can_see_plans(user):
        return PlanRequirement.objects.none()
    return PlanRequirement.objects.filter(
        cluster_id__in=Cluster.objects.filter(cluster_scope(user)).values("pk"),
        round_id__in=rounds_for(user).values("pk"),
    ).select_related("round__scheme", "cluster__county__city")


def get_plan_requirement_for(user: User, pk: int):  # noqa: ANN201 - plans.PlanRequirement
    from clustermon.plans.models import PlanRequirement

    try:
        return plan_requirements_for(user).select_related("result__result_set").get(pk=pk)
    except (PlanRequirement.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def plans_for(user: User) -> QuerySet:
    """The plan versions of the requirements the user may see; a draft only for the submitters
    writing it (reviewers see what was handed in)."""
    from clustermon.plans.models import Plan, PlanStatus

    plans = (Plan.objects.filter(requirement_id__in=plan_requirements_for(user).values("pk"))
             .select_related("requirement__round__scheme", "requirement__cluster__county__city"))
    if user.is_authenticated and user.role == Role.SUBMITTER:
        return plans
    return plans.exclude(status=PlanStatus.DRAFT)


def get_plan_for(user: User, pk: int):  # noqa: ANN201 - plans.Plan
    from clustermon.plans.models import Plan

    try:
        return plans_for(user).get(pk=pk)
    except (Plan.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def can_submit_plan(user: User, requirement) -> bool:  # noqa: ANN001 - PlanRequirement in scope
    """The cluster's own submitter, while the plan is with them (not started, draft or returned)."""
    from clustermon.plans.models import WITH_SUBMITTER

    if not user.is_authenticated:
        return False
    if user.role != Role.SUBMITTER:
        return False
    if user.cluster_id != requirement.cluster_id:
        return False
    return requirement.status in WITH_SUBMITTER


def can_review_plan(user: User, plan) -> bool:  # noqa: ANN001 - Plan in scope, requirement loaded
    """The city of the cluster while the plan is at the city, then the province."""
    from clustermon.plans.models import PlanStatus

    cluster = plan.requirement.cluster
    if plan.status == PlanStatus.AT_CITY:
        return (user.is_authenticated and user.role == Role.CITY_REVIEWER
                and user.city_id is not None and user.city_id == cluster.county.city_id)
    if plan.status == PlanStatus.AT_PROVINCE:
        return is_province(user) and user.province_id == cluster.province_id
    return False


def plan_diagnoses_for(user: User, requirement) -> QuerySet:  # noqa: ANN001 - PlanRequirement in scope
    """The filed diagnosis notes (集群诊断) of the requirement's cluster in its round."""
    from clustermon.experts.models import Diagnosis

    if not can_see_plans(user):
        return Diagnosis.objects.none()
    return (Diagnosis.objects.filter(round_id=requirement.round_id, cluster_id=requirement.cluster_id,
                                     filed_at__isnull=False)
            .select_related("expert").order_by("filed_at", "pk"))


# --- enterprise lists, the assessment handbook and the data summary table (enterprises/) ----------

def can_edit_enterprises(user: User, submission) -> bool:  # noqa: ANN001 - Submission in scope
    """The enterprise list is part of the submission: its submitter edits it, like the values."""
    return can_edit_submission(user, submission)


def can_see_enterprise_reports(user: User) -> bool:
    """Reviewers at every level see the enterprise flags and the summary table (of their area)."""
    return review_level(user) is not None


def summary_cities_for(user: User) -> QuerySet:
    """Cities whose summary table the user downloads: any of the province for its roles, a city
    reviewer's own city; none for anyone else."""
    from clustermon.registry.models import City

    if not user.is_authenticated or user.province_id is None:
        return City.objects.none()
    cities = City.objects.filter(province_id=user.province_id)
    if is_province(user):
        return cities
    if user.role == Role.CITY_REVIEWER and user.city_id:
        return cities.filter(pk=user.city_id)
    return City.objects.none()


def get_summary_city_for(user: User, pk: int):  # noqa: ANN201 - registry.City
    try:
        return summary_cities_for(user).get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404 from None


# --- background jobs (jobs/) and the robustness analysis (analysis/) ------------------------------

def jobs_for(user: User) -> QuerySet:
    """Jobs the user started; for the province also every job on its province's rounds."""
    from clustermon.jobs.models import Job

    if not user.is_authenticated:
        return Job.objects.none()
    visible = Q(requested_by=user)
    if is_province(user) and user.province_id is not None:
        visible |= Q(round__scheme__province_id=user.province_id)
    return Job.objects.filter(visible).select_related("round__scheme", "requested_by")


def get_job_for(user: User, pk: int):  # noqa: ANN201 - jobs.Job
    from clustermon.jobs.models import Job

    try:
        return jobs_for(user).get(pk=pk)
    except (Job.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def can_see_robustness(user: User) -> bool:
    """The robustness analysis of grades (rank intervals, unstable grades, indicator influence,
    what-if) is the province's working tool; its flags are shown to the province only."""
    return is_province(user)


def can_run_robustness(user: User, round_: Round) -> bool:
    """Run the analysis of a round (fetched through `get_round_for`): the province of its scheme."""
    return can_see_robustness(user) and round_.scheme.province_id == user.province_id
