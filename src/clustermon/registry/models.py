"""The registry: where every cluster sits (province → city → county) and who runs it."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Province(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=60)
    name_en = models.CharField(_("English name"), max_length=80, blank=True)

    class Meta:
        verbose_name = _("province")
        verbose_name_plural = _("provinces")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class City(models.Model):
    """A prefecture-level division (市州), including directly administered county-level cities."""

    province = models.ForeignKey(Province, models.PROTECT, related_name="cities", verbose_name=_("province"))
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=60)
    name_en = models.CharField(_("English name"), max_length=80, blank=True)
    # The city's tile on the schematic map of the province in reports (row 0 is the north, column 0
    # the west); empty: the report places the tile after the positioned ones.
    map_row = models.PositiveSmallIntegerField(_("map row"), null=True, blank=True)
    map_col = models.PositiveSmallIntegerField(_("map column"), null=True, blank=True)

    class Meta:
        verbose_name = _("city")
        verbose_name_plural = _("cities")
        ordering = ["province", "code"]
        constraints = [models.UniqueConstraint(fields=["province", "name"], name="uniq_city_name")]

    def __str__(self) -> str:
        return self.name


class County(models.Model):
    """A county-level division (县市区), the first review level."""

    city = models.ForeignKey(City, models.PROTECT, related_name="counties", verbose_name=_("city"))
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=60)
    name_en = models.CharField(_("English name"), max_length=80, blank=True)

    class Meta:
        verbose_name = _("county")
        verbose_name_plural = _("counties")
        ordering = ["city", "code"]
        constraints = [models.UniqueConstraint(fields=["city", "name"], name="uniq_county_name")]

    def __str__(self) -> str:
        return self.name


class Park(models.Model):
    """An industrial park; a cluster's core park (核心承载园区) hosts it."""

    class Level(models.TextChoices):
        NATIONAL = "national", _("national")
        PROVINCIAL = "provincial", _("provincial")
        OTHER = "other", _("other")

    name = models.CharField(_("name"), max_length=120)
    county = models.ForeignKey(County, models.PROTECT, related_name="parks", verbose_name=_("county"))
    level = models.CharField(_("level"), max_length=20, choices=Level.choices, default=Level.PROVINCIAL)

    class Meta:
        verbose_name = _("industrial park")
        verbose_name_plural = _("industrial parks")
        ordering = ["county", "name"]

    def __str__(self) -> str:
        return self.name


class PromotionOrganisation(models.Model):
    """The body that runs a cluster's common services (集群发展促进组织)."""

    name = models.CharField(_("name"), max_length=160)
    legal_form = models.CharField(_("legal form"), max_length=60, blank=True)
    county = models.ForeignKey(County, models.PROTECT, related_name="+", verbose_name=_("county"))
    contact = models.CharField(_("contact"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("promotion organisation")
        verbose_name_plural = _("promotion organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Cluster(models.Model):
    """An industrial cluster recognised by the province, monitored every year."""

    class Kind(models.TextChoices):
        AMC = "amc", _("advanced manufacturing cluster")
        SME = "sme", _("SME characteristic industrial cluster")
        GROWTH = "growth", _("key growth-type industrial cluster")

    class Level(models.TextChoices):
        NATIONAL = "national", _("national")
        PROVINCIAL = "provincial", _("provincial")
        CULTIVATION = "cultivation", _("provincial cultivation target")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=160)
    province = models.ForeignKey(Province, models.PROTECT, related_name="clusters", verbose_name=_("province"))
    county = models.ForeignKey(County, models.PROTECT, related_name="clusters", verbose_name=_("county"))
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    group = models.CharField(_("group"), max_length=60, help_text=_("The scheme group it is ranked in."))
    leading_industry = models.CharField(_("leading industry"), max_length=120, blank=True)
    core_park = models.ForeignKey(
        Park, models.SET_NULL, null=True, blank=True, related_name="clusters", verbose_name=_("core park")
    )
    promotion_organisation = models.ForeignKey(
        PromotionOrganisation, models.SET_NULL, null=True, blank=True, related_name="clusters",
        verbose_name=_("promotion organisation"),
    )
    year_recognised = models.PositiveSmallIntegerField(_("year recognised"))
    year_withdrawn = models.PositiveSmallIntegerField(_("year withdrawn"), null=True, blank=True)
    is_fictitious = models.BooleanField(
        _("fictitious (demo)"), default=False, help_text=_("Demo data whose name is made up.")
    )

    class Meta:
        verbose_name = _("cluster")
        verbose_name_plural = _("clusters")
        ordering = ["province", "group", "code"]
        indexes = [models.Index(fields=["province", "group"])]

    def __str__(self) -> str:
        return self.name

    @property
    def city(self) -> City:
        return self.county.city

    def is_monitored_in(self, year: int) -> bool:
        """Recognised by the end of the previous year and not withdrawn before `year`."""
        return self.year_recognised < year and (self.year_withdrawn is None or self.year_withdrawn >= year)
