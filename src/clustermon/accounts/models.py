"""Users, each bound to one role and one scope."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PROVINCE_ADMIN = "province_admin", _("province administrator")
    PROVINCE_REVIEWER = "province_reviewer", _("province reviewer")
    CITY_REVIEWER = "city_reviewer", _("city reviewer")
    COUNTY_REVIEWER = "county_reviewer", _("county reviewer")
    SUBMITTER = "submitter", _("cluster submitter")
    EXPERT = "expert", _("expert")


PROVINCE_ROLES = frozenset({Role.PROVINCE_ADMIN, Role.PROVINCE_REVIEWER})


class User(AbstractUser):
    """An official. The scope fields that matter depend on the role (see `clustermon.policy`)."""

    role = models.CharField(_("role"), max_length=30, choices=Role.choices, blank=True)
    province = models.ForeignKey(
        "registry.Province", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("province")
    )
    city = models.ForeignKey(
        "registry.City", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("city")
    )
    county = models.ForeignKey(
        "registry.County", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("county")
    )
    cluster = models.ForeignKey(
        "registry.Cluster", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("cluster")
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def is_province(self) -> bool:
        return self.role in PROVINCE_ROLES
