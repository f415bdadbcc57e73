"""Small filters for the report templates."""

from __future__ import annotations

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def signed(value: Decimal | int | None) -> str:
    """+1.25 / −0.50 / 0.00 (a true minus sign); "" for None."""
    if value is None:
        return ""
    if value > 0:
        return f"+{value}"
    if value < 0:
        return f"−{-value}"
    return str(value)


@register.filter
def trend_class(value: Decimal | int | None) -> str:
    """`up` / `down` / "" for colouring a signed figure."""
    if value is None or value == 0:
        return ""
    return "up" if value > 0 else "down"


@register.filter
def get(mapping: dict, key: object) -> object:
    return mapping.get(key, "") if mapping else ""
