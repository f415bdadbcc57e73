"""`save_draft` takes last year's figure of a quantitative leaf as `CODE@prev` (the enterprise list
writes it; growth methods read it before last year's round)."""

from __future__ import annotations

import pytest

from clustermon.submissions.actions import save_draft
from clustermon.submissions.models import Submission
from clustermon.web.errors import ActionRefused

pytestmark = pytest.mark.django_db


def test_code_at_prev_is_stored_for_a_quantitative_leaf(ent) -> None:
    sub, by = ent.subs["a1"], ent.users["submitter_a1"]
    save_draft(sub, by=by, values={"P1": "1,200", "P1@prev": "１０００"})
    assert Submission.objects.get(pk=sub.pk).values == {"P1": "1200", "P1@prev": "1000"}
    save_draft(sub, by=by, values={"P1@prev": ""})  # an empty entry clears it
    assert Submission.objects.get(pk=sub.pk).values == {"P1": "1200"}


@pytest.mark.parametrize("key", ["W1@prev", "P9@prev", "P1@last", "@prev"])
def test_other_keys_are_still_refused(ent, key: str) -> None:
    with pytest.raises(ActionRefused):
        save_draft(ent.subs["a1"], by=ent.users["submitter_a1"], values={key: "1"})
    assert Submission.objects.get(pk=ent.subs["a1"].pk).values == {}


def test_narratives_and_explanations_take_leaf_codes_only(ent) -> None:
    with pytest.raises(ActionRefused):
        save_draft(ent.subs["a1"], by=ent.users["submitter_a1"], explanations={"P1@prev": "x"})
