"""Plan documents, stored with the evidence helpers of `clustermon.submissions.evidence`: the type
sniffed from the content, a sanitised name, the size limit of the round's evidence policy, storage
under `MEDIA_ROOT/evidence/plans/<round>/<requirement>/<sha256[:16]>_<name>` (inside the evidence
root, outside the web root) and a scoped download only.

A plan is a document: of the types the evidence policy allows, only PDF, Word (.docx) and OFD are
taken (all three if the policy allows none of them).
"""

from __future__ import annotations

from typing import IO, TYPE_CHECKING

from clustermon.submissions import evidence as files
from clustermon.submissions.uploads import UploadRefused

if TYPE_CHECKING:
    from clustermon.plans.models import Plan, PlanRequirement
    from clustermon.rounds.models import Round

DOCUMENT_TYPES = ("pdf", "docx", "ofd")

__all__ = ["DOCUMENT_TYPES", "UploadRefused", "check", "delete_file", "open_file", "relative_path", "rules_for",
           "write"]


def rules_for(round_: Round) -> files.EvidenceRules:
    """The round's evidence size limit, with the document types among those it allows."""
    rules = files.rules_for(round_)
    allowed = tuple(key for key in rules.allowed if key in DOCUMENT_TYPES) or DOCUMENT_TYPES
    return files.EvidenceRules(rules.max_bytes, allowed)


def check(upload: IO[bytes], original_name: str, round_: Round) -> files.Checked:
    """UploadRefused with the reason, or the checked file (nothing written)."""
    return files.check(upload, original_name, rules_for(round_))


def relative_path(requirement: PlanRequirement, checked: files.Checked) -> str:
    return f"evidence/plans/{requirement.round_id}/{requirement.pk}/{checked.sha256[:16]}_{checked.name}"


def write(upload: IO[bytes], path: str) -> bool:
    return files.write(upload, path)


def delete_file(path: str) -> None:
    files.delete_file(path)


def open_file(plan: Plan) -> IO[bytes]:
    return files.absolute(plan.path).open("rb")
