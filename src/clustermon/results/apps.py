from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _result_set_fields(event) -> dict:  # noqa: ANN001 - AuditEvent
    after = event.after or {}
    return {"number": after.get("number", ""), "clusters": after.get("clusters", ""),
            "hash": (after.get("content_hash") or "")[:12]}


def _reopened_fields(event) -> dict:  # noqa: ANN001 - AuditEvent
    return {"number": (event.before or {}).get("number") or "—"}


class ResultsConfig(AppConfig):
    name = "clustermon.results"
    label = "results"
    verbose_name = _("Results")

    def ready(self) -> None:
        from clustermon.audit.queries import register_phrase
        from clustermon.results.actions import approved_result_set_exists
        from clustermon.rounds import lifecycle
        from clustermon.rounds.models import RoundStatus

        # Approving or publishing a round needs results approved on the results page.
        lifecycle.register_guard(RoundStatus.APPROVED, approved_result_set_exists, name="results.approved")
        lifecycle.register_guard(RoundStatus.PUBLISHED, approved_result_set_exists, name="results.approved")
        register_phrase("results.computed", _("%(actor)s computed version %(number)s of the results "
                                              "(%(clusters)s clusters, content hash %(hash)s)"), _result_set_fields)
        register_phrase("results.approved", _("%(actor)s approved version %(number)s of the results "
                                              "(content hash %(hash)s)"), _result_set_fields,
                        details=False)  # `superseded` (a list of version numbers) is not a model field
        register_phrase("results.published", _("%(actor)s published version %(number)s of the results "
                                               "(content hash %(hash)s)"), _result_set_fields)
        register_phrase("results.reopened", _("%(actor)s reopened the results (version %(number)s kept)"),
                        _reopened_fields)
