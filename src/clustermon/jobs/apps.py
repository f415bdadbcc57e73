from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "clustermon.jobs"
    label = "jobs"
    verbose_name = _("Background jobs")

    def ready(self) -> None:
        from clustermon.audit.queries import register_phrase
        from clustermon.jobs import kinds  # noqa: F401 - registers the reports' job kinds

        register_phrase("jobs.started", _("%(actor)s started a background job"))
