from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalysisConfig(AppConfig):
    name = "clustermon.analysis"
    label = "analysis"
    verbose_name = _("Robustness analysis")

    def ready(self) -> None:
        from clustermon.analysis import jobs  # noqa: F401 - registers the job kind `robustness`
        from clustermon.audit.queries import register_phrase

        register_phrase("analysis.robustness", _("%(actor)s ran the robustness analysis of the grades"))
