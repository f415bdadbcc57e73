"""The API's JSON shapes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema
from pydantic import Field


class Detail(Schema):
    detail: str


class TokenOut(Schema):
    token: str


class ClusterOut(Schema):
    id: int
    code: str
    name: str
    group: str
    city: str
    county: str
    city_id: int
    county_id: int


class RoundOut(Schema):
    id: int
    year: int
    title: str
    scheme: str = Field(description="The scheme's code, as in its folder under schemes/.")
    status: str = Field(description="draft, open, review, expert_review, scoring, approved, published or closed.")


class SubmissionRow(Schema):
    id: int
    cluster_id: int
    cluster: str
    city: str
    county: str
    group: str
    status: str
    version: int
    updated_at: dt.datetime
    resubmitted: bool = Field(description="Returned once and handed in again.")
    warnings: list[str] = Field(description="Indicator codes with a validation warning (year over year).")
    outliers: list[str] = Field(description="Indicator codes flagged as outliers in the group.")


class CommentOut(Schema):
    indicator: str
    text: str


class DecisionOut(Schema):
    id: int
    level: str
    decision: str
    reason: str
    by: str
    at: dt.datetime
    comments: list[CommentOut]


class ChangeOut(Schema):
    indicator: str
    before: Any = None
    after: Any = None


class CorrectionOut(Schema):
    indicator: str
    original_value: str
    corrected_value: str
    reason: str


class SiteCheckOut(Schema):
    id: int
    date: dt.date
    inspectors: str
    findings: str
    by: str
    corrections: list[CorrectionOut]


class EventOut(Schema):
    at: dt.datetime
    text: str


class SubmissionOut(Schema):
    id: int
    round_id: int
    cluster_id: int
    cluster: str
    group: str
    status: str
    version: int
    holder: str = Field(description="Who holds the submission now.")
    values: dict[str, Any]
    narratives: dict[str, Any]
    effective_values: dict[str, Any] = Field(description="Values with on-site corrections applied.")
    comments: list[CommentOut] = Field(description="The comments of the latest return, per indicator.")
    changes_since_return: list[ChangeOut]
    history: list[DecisionOut]
    site_checks: list[SiteCheckOut]
    timeline: list[EventOut]


class VersionIn(Schema):
    expected_version: int = Field(description="The version you read; refused with 409 if it changed.")


class ReturnIn(VersionIn):
    reason: str
    comments: dict[str, str] = Field(default_factory=dict, description="Indicator code → comment.")


class ActionOut(Schema):
    decision_id: int
    submission_id: int
    level: str
    decision: str
    status: str
    version: int


class BulkItem(Schema):
    id: int
    version: int


class BulkPassIn(Schema):
    items: list[BulkItem]


class BulkPassOut(Schema):
    passed: list[ActionOut]


class CorrectionIn(Schema):
    indicator: str
    corrected_value: str
    reason: str


class SiteCheckIn(Schema):
    date: dt.date
    inspectors: str
    findings: str
    corrections: list[CorrectionIn] = Field(default_factory=list)
    expected_version: int | None = None


class DraftIn(VersionIn):
    values: dict[str, Any] = Field(default_factory=dict)
    narratives: dict[str, Any] = Field(default_factory=dict)
    explanations: dict[str, Any] = Field(default_factory=dict)


class StatusOut(Schema):
    id: int
    status: str
    version: int


class ReportOut(Schema):
    errors: dict[str, list[dict[str, str]]] = Field(description="Indicator code → problems that block submission.")
    warnings: dict[str, list[dict[str, str]]] = Field(description="Indicator code → warnings.")


class DraftOut(StatusOut):
    report: ReportOut


class CountsOut(Schema):
    expected: int
    not_started: int
    draft: int
    at_county: int
    at_city: int
    at_province: int
    accepted: int
    returned: int
    overdue: int


class CountyProgressOut(Schema):
    county_id: int
    county: str
    counts: CountsOut


class CityProgressOut(Schema):
    city_id: int
    city: str
    counts: CountsOut
    counties: list[CountyProgressOut]


class LateOut(Schema):
    cluster_id: int
    cluster: str
    city: str
    county: str
    status: str
    who: str
    due: dt.date
    days_late: int


class ProgressOut(Schema):
    round_id: int
    today: dt.date
    total: CountsOut
    cities: list[CityProgressOut]
    late: list[LateOut]


# --- results -------------------------------------------------------------------------------------

class ResultRow(Schema):
    result_id: int = Field(description="Open it with GET /api/results/{result_id} to see how it was obtained.")
    cluster_id: int
    cluster: str
    code: str
    city: str
    county: str
    group: str
    total: str = Field(description="The total, exactly 2 decimals, as text (e.g. \"92.80\").")
    base: str = Field(description="The 70/30 base out of 100, 2 decimals.")
    bonus: str
    deduction: str
    rank: int = Field(description="Competition rank inside the group (1, 2, 2, 4).")
    group_size: int
    small_group: bool = Field(description="The group is too small for an excellent grade (fewer than 5, D2).")
    grade: str = Field(description="excellent, good, qualified or unqualified.")
    stars: int = Field(description="0 to 5 (H-Art.16).")
    label: str = Field(description="gold, silver, bronze or none (H-Art.17).")
    version: int = Field(description="The version (computation) of the round's results.")


class ResultOut(ResultRow):
    round_id: int
    content_hash: str = Field(description="sha256 of the version's figures.")
    status: str = Field(description="The version's status: computed, approved or superseded.")
    aggregation_rule: str = Field(description="How the experts' scores were combined (D10).")
    explanation: dict[str, Any] = Field(description="Per indicator the raw value or the experts' scores, the "
                                                    "method and its parameters, share and points; subtotals, parts "
                                                    "with weights, bonus and deduction with caps, the unrounded and "
                                                    "rounded total, rank of N and the grade rule.")
