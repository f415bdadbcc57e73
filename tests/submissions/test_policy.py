"""Who may edit, import into and start a submission: one line per persona and state."""

import pytest

from clustermon import policy
from clustermon.rounds.models import RoundStatus
from clustermon.submissions.models import SubmissionStatus

S = SubmissionStatus


@pytest.mark.parametrize(("who", "edit", "import_"), [
    ("submitter_a1", True, True),
    ("county_a1", False, True),
    ("city_a", False, True),
    ("province", False, True),
    ("admin", False, True),
    ("expert", False, False),
    ("outsider", False, False),
])
def test_a_draft_in_an_open_round(ew, who: str, edit: bool, import_: bool) -> None:
    user = ew.users[who]
    assert policy.can_edit_submission(user, ew.sub) is edit
    assert policy.can_import_submission(user, ew.sub) is import_


@pytest.mark.parametrize(("status", "round_status", "open_"), [
    (S.DRAFT, RoundStatus.OPEN, True),
    (S.DRAFT, RoundStatus.REVIEW, False),
    (S.RETURNED, RoundStatus.OPEN, True),
    (S.RETURNED, RoundStatus.REVIEW, True),
    (S.RETURNED, RoundStatus.EXPERT_REVIEW, False),
    (S.AT_COUNTY, RoundStatus.OPEN, False),
    (S.AT_CITY, RoundStatus.OPEN, False),
    (S.AT_PROVINCE, RoundStatus.OPEN, False),
    (S.ACCEPTED, RoundStatus.OPEN, False),
])
def test_it_takes_data_only_while_with_the_submitter(ew, status, round_status, open_: bool) -> None:
    ew.sub.status = status
    ew.sub.round.status = round_status
    assert policy.submission_takes_data(ew.sub) is open_
    assert policy.can_edit_submission(ew.users["submitter_a1"], ew.sub) is open_
    assert policy.can_import_submission(ew.users["city_a"], ew.sub) is open_


def test_a_reviewer_of_another_area_may_not_import(ew) -> None:
    other = ew.submission("b1")  # city B
    assert not policy.can_import_submission(ew.users["city_a"], other)
    assert not policy.can_import_submission(ew.users["county_a1"], ew.submission("a2"))
    assert policy.can_import_submission(ew.users["province"], other)


def test_only_the_clusters_submitter_starts_it_in_an_open_round(ew) -> None:
    a1, a2 = ew.clusters["a1"], ew.clusters["a2"]
    assert policy.can_start_submission(ew.users["submitter_a1"], ew.round, a1)
    assert not policy.can_start_submission(ew.users["submitter_a1"], ew.round, a2)
    assert not policy.can_start_submission(ew.users["county_a1"], ew.round, a1)
    assert not policy.can_start_submission(ew.users["submitter_a1"], ew.last_round, a1)
