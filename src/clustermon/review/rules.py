"""The review workflow's rules: which level holds a submission, where a pass sends it, and where a
returned submission goes when it is submitted again.

County, then city, then province (H-Art.13). A return sends the submission back to its submitter
(`returned`); when resubmitted it goes back to the level that returned it (RESUBMIT_TO), because the
levels below had already passed it and the comments to answer are that level's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from clustermon.accounts.models import Role
from clustermon.review.models import Decision, Level
from clustermon.rounds.models import RoundStatus
from clustermon.submissions.models import SubmissionStatus

if TYPE_CHECKING:
    from clustermon.accounts.models import User
    from clustermon.submissions.models import Submission

S = SubmissionStatus

LEVEL_OF_STATUS: dict[str, str] = {
    S.AT_COUNTY: Level.COUNTY,
    S.AT_CITY: Level.CITY,
    S.AT_PROVINCE: Level.PROVINCE,
}
STATUS_OF_LEVEL: dict[str, str] = {level: status for status, level in LEVEL_OF_STATUS.items()}
NEXT_STATUS: dict[str, str] = {
    S.AT_COUNTY: S.AT_CITY,
    S.AT_CITY: S.AT_PROVINCE,
    S.AT_PROVINCE: S.ACCEPTED,
}
LEVEL_OF_ROLE: dict[str, str] = {
    Role.COUNTY_REVIEWER: Level.COUNTY,
    Role.CITY_REVIEWER: Level.CITY,
    Role.PROVINCE_REVIEWER: Level.PROVINCE,
    Role.PROVINCE_ADMIN: Level.PROVINCE,
}
# Statuses in which the submitter holds the submission (may edit and submit it).
WITH_SUBMITTER = frozenset({S.DRAFT, S.RETURNED})
# Statuses after a submission has been handed in at least once and is not back with its submitter.
IN_REVIEW = frozenset({S.AT_COUNTY, S.AT_CITY, S.AT_PROVINCE})

# Review happens while the round is open (submissions arrive over weeks) and during its review phase.
REVIEW_ROUND_STATUSES = frozenset({RoundStatus.OPEN, RoundStatus.REVIEW})
# On-site checks may correct values until the results are approved.
SITE_CHECK_ROUND_STATUSES = frozenset(
    {RoundStatus.OPEN, RoundStatus.REVIEW, RoundStatus.EXPERT_REVIEW, RoundStatus.SCORING}
)
SITE_CHECK_SUBMISSION_STATUSES = frozenset({S.AT_PROVINCE, S.ACCEPTED})

# Where a returned submission goes when it is submitted again: "returning_level" or "county".
RESUBMIT_TO = "returning_level"


def level_of(user: User) -> str | None:
    """The review level the user acts at, or None for submitters, experts and unknown roles."""
    if not user.is_authenticated:
        return None
    return LEVEL_OF_ROLE.get(user.role)


def last_return(submission: Submission):  # noqa: ANN201 - ReviewDecision | None
    """The latest return decision of a submission, or None."""
    return submission.decisions.filter(decision=Decision.RETURN).order_by("-at", "-id").first()


def resubmit_status(submission: Submission) -> str:
    """The status a returned submission takes when submitted again.

    The submissions app's `submit` calls this for a submission in status `returned`; a first
    submission goes to `at_county`.
    """
    if submission.status != S.RETURNED or RESUBMIT_TO == "county":
        return S.AT_COUNTY
    decision = last_return(submission)
    if decision is None:
        return S.AT_COUNTY
    return STATUS_OF_LEVEL[decision.level]


def holder(submission: Submission) -> str:
    """Who holds the submission now, in words (the submitter always sees it)."""
    status = submission.status
    cluster = submission.cluster
    if status in WITH_SUBMITTER:
        return _("the cluster's submitters (%(cluster)s)") % {"cluster": cluster.name}
    if status == S.AT_COUNTY:
        return _("the county department of industry (%(place)s)") % {"place": cluster.county.name}
    if status == S.AT_CITY:
        return _("the city department of industry (%(place)s)") % {"place": cluster.county.city.name}
    return _("the provincial department of industry (%(place)s)") % {"place": cluster.province.name}
