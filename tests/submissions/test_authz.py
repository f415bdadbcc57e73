"""Every /submissions/ pattern: anonymous → login, out of scope → 404, wrong method → 405."""

import pytest
from django.urls import reverse

from clustermon.submissions import actions
from clustermon.submissions.models import Claim
from tests.submissions.conftest import login
from tests.submissions.test_evidence import PDF


@pytest.fixture
def targets(ew):
    made = Claim.objects.create(submission=ew.sub, kind="bonus", item="B1", points=1, reason="x")
    from django.core.files.uploadedfile import SimpleUploadedFile

    item = actions.add_evidence(ew.sub, SimpleUploadedFile("a.pdf", PDF), by=ew.users["submitter_a1"],
                                indicator="S1.1")
    r, s = ew.round.pk, ew.sub.pk
    county = ew.world.counties["A1"].pk
    return {
        # name: (args, allowed methods)
        "index": ((), {"get"}),
        "start": ((r,), {"post"}),
        "entry": ((s,), {"get", "post"}),
        "add_claim": ((s,), {"post"}),
        "claim_evidence": ((s, made.pk), {"post"}),
        "withdraw_claim": ((s, made.pk), {"post"}),
        "template": ((s,), {"get"}),
        "evidence": ((item.pk,), {"get"}),
        "area_template": ((r, "county", county), {"get"}),
        "import": ((r,), {"get", "post"}),
        "outliers": ((r,), {"get"}),
        "evidence_policy": ((), {"get", "post"}),
    }


def test_every_pattern_is_covered(targets) -> None:
    from clustermon.submissions.urls import urlpatterns

    assert {p.name for p in urlpatterns} == set(targets)


def test_anonymous_is_sent_to_login(client, targets) -> None:
    for name, (args, methods) in targets.items():
        for method in methods:
            response = getattr(client, method)(reverse(f"submissions:{name}", args=args))
            assert response.status_code == 302, name
            assert response["Location"].startswith("/accounts/login/"), name


# The index is everyone's (it lists what the user may see); everything else is 404 for an outsider.
@pytest.mark.parametrize("who", ["outsider"])
def test_out_of_scope_is_404(client, ew, targets, who: str) -> None:
    login(client, ew.users[who])
    for name, (args, methods) in targets.items():
        if name == "index":
            continue
        for method in methods:
            response = getattr(client, method)(reverse(f"submissions:{name}", args=args))
            assert response.status_code == 404, (name, method, response.status_code)


def test_wrong_method_is_405(client, ew, targets) -> None:
    login(client, ew.users["admin"])
    for name, (args, methods) in targets.items():
        for method in {"get", "post", "delete"} - methods:
            response = getattr(client, method)(reverse(f"submissions:{name}", args=args))
            assert response.status_code == 405, (name, method)


def test_reviewer_pages_work_in_scope(client, ew, targets) -> None:
    login(client, ew.users["county_a1"])
    for name in ("index", "entry", "template", "evidence", "area_template", "import", "outliers"):
        args, _methods = targets[name]
        assert client.get(reverse(f"submissions:{name}", args=args)).status_code == 200, name


def test_outliers_are_for_reviewers(client, ew) -> None:
    url = reverse("submissions:outliers", args=[ew.round.pk])
    login(client, ew.users["submitter_a1"])
    assert client.get(url).status_code == 404
    login(client, ew.users["expert"])
    assert client.get(url).status_code == 404
