from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResultsConfig(AppConfig):
    name = "clustermon.results"
    label = "results"
    verbose_name = _("Results")

    def ready(self) -> None:
        from clustermon.results.actions import approved_result_set_exists
        from clustermon.rounds import lifecycle
        from clustermon.rounds.models import RoundStatus

        # Approving or publishing a round needs results approved on the results page.
        lifecycle.register_guard(RoundStatus.APPROVED, approved_result_set_exists, name="results.approved")
        lifecycle.register_guard(RoundStatus.PUBLISHED, approved_result_set_exists, name="results.approved")
