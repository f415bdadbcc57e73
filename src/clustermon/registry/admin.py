"""Back office for the registry: the province's places, parks, promotion organisations, clusters."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from clustermon.admin_base import ClustermonAdmin, ClustermonInline
from clustermon.registry.models import City, Cluster, County, Park, PromotionOrganisation, Province


@admin.register(Province)
class ProvinceAdmin(ClustermonAdmin):
    list_display = ["name", "code", "name_en"]
    search_fields = ["name", "code", "name_en"]


class CountyInline(ClustermonInline):
    model = County
    fields = ["code", "name", "name_en"]
    show_change_link = True


@admin.register(City)
class CityAdmin(ClustermonAdmin):
    list_display = ["name", "code", "province", "name_en"]
    list_filter = ["province"]
    search_fields = ["name", "code", "name_en"]
    inlines = [CountyInline]


@admin.register(County)
class CountyAdmin(ClustermonAdmin):
    list_display = ["name", "code", "city", "name_en"]
    list_filter = ["city__province", "city"]
    search_fields = ["name", "code", "name_en", "city__name"]
    list_select_related = ["city"]


@admin.register(Park)
class ParkAdmin(ClustermonAdmin):
    list_display = ["name", "level", "county", "city_name"]
    list_filter = ["level", "county__city"]
    search_fields = ["name", "county__name", "county__city__name"]
    list_select_related = ["county__city"]
    autocomplete_fields = ["county"]

    @admin.display(description=_("city"), ordering="county__city__name")
    def city_name(self, obj: Park) -> str:
        return obj.county.city.name


@admin.register(PromotionOrganisation)
class PromotionOrganisationAdmin(ClustermonAdmin):
    list_display = ["name", "legal_form", "county", "contact"]
    list_filter = ["legal_form", "county__city"]
    search_fields = ["name", "county__name", "contact"]
    list_select_related = ["county"]
    autocomplete_fields = ["county"]


@admin.register(Cluster)
class ClusterAdmin(ClustermonAdmin):
    list_display = ["name", "code", "group", "kind", "level", "city_name", "county", "year_recognised",
                    "year_withdrawn", "is_fictitious"]
    list_filter = ["group", "kind", "level", "county__city", "year_recognised", "is_fictitious"]
    search_fields = ["name", "code", "leading_industry", "county__name", "county__city__name"]
    list_select_related = ["county__city"]
    autocomplete_fields = ["county", "core_park", "promotion_organisation"]
    fieldsets = [
        (None, {"fields": ["code", "name", "province", "county", "leading_industry"]}),
        (_("Classification"), {"fields": ["kind", "level", "group", "year_recognised", "year_withdrawn"]}),
        (_("Core park and promotion organisation"), {"fields": ["core_park", "promotion_organisation"]}),
        (_("Demo"), {"fields": ["is_fictitious"]}),
    ]

    @admin.display(description=_("city"), ordering="county__city__name")
    def city_name(self, obj: Cluster) -> str:
        return obj.county.city.name
