from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "clustermon.plans"
    label = "plans"
    verbose_name = _("Follow-up plans")

    def ready(self) -> None:
        from clustermon.plans import phrases  # noqa: F401 - registers the audit sentences
