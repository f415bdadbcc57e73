"""Value types shared by the scoring core: grades (等次) and promotion-organisation labels (标级)."""

from __future__ import annotations

from enum import StrEnum

Text = dict[str, str]
"""Text in several languages, e.g. {"zh": "发展水平", "en": "Development level"}."""


class Grade(StrEnum):
    """A cluster's grade in one round (H-Art.10)."""

    EXCELLENT = "excellent"  # 优秀
    GOOD = "good"  # 良好
    QUALIFIED = "qualified"  # 合格
    UNQUALIFIED = "unqualified"  # 不合格


class Label(StrEnum):
    """A promotion organisation's label from two consecutive rounds (H-Art.17)."""

    GOLD = "gold"  # 金标
    SILVER = "silver"  # 银标
    BRONZE = "bronze"  # 铜标
    NONE = "none"  # no label (D6)
