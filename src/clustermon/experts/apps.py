from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _state(event) -> dict:  # noqa: ANN001 - AuditEvent
    for value in (event.after, event.before):
        if isinstance(value, dict) and ("expert" in value or "cluster" in value):
            return value
    return {}


def _pair_fields(event) -> dict:  # noqa: ANN001 - AuditEvent
    state = _state(event)
    return {"expert": state.get("expert") or "—", "cluster": state.get("cluster") or "—"}


def _profile_fields(event) -> dict:  # noqa: ANN001 - AuditEvent
    state = event.after if isinstance(event.after, dict) else {}
    return {"expert": state.get("name") or "—"}


def _count_fields(event) -> dict:  # noqa: ANN001 - AuditEvent
    return {"count": len(event.after) if isinstance(event.after, dict) else 0}


class ExpertsConfig(AppConfig):
    name = "clustermon.experts"
    label = "experts"
    verbose_name = _("Experts")

    def ready(self) -> None:
        from clustermon.audit.queries import register_phrase

        register_phrase("experts.auto_assigned", _("%(actor)s assigned the experts to the clusters "
                                                   "automatically"), details=False)
        register_phrase("experts.assigned", _("%(actor)s assigned the expert %(expert)s to the cluster "
                                              "%(cluster)s"), _pair_fields, details=False)
        register_phrase("experts.unassigned", _("%(actor)s removed the expert %(expert)s from the cluster "
                                                "%(cluster)s"), _pair_fields, details=False)
        register_phrase("experts.no_conflict_declared", _("%(actor)s declared no conflict of interest"),
                        details=False)
        register_phrase("experts.conflict_declared", _("%(actor)s declared a conflict of interest with the "
                                                       "cluster %(cluster)s"), _pair_fields, details=False)
        register_phrase("experts.scores_saved", _("%(actor)s saved the scores (%(count)s indicator(s) "
                                                  "changed)"), _count_fields, details=False)
        register_phrase("experts.scores_submitted", _("%(actor)s submitted the scores"), details=False)
        register_phrase("experts.diagnosis_assigned", _("%(actor)s asked the expert %(expert)s for a "
                                                        "diagnosis of the cluster %(cluster)s"),
                        _pair_fields, details=False)
        register_phrase("experts.diagnosis_filed", _("%(actor)s filed the diagnosis"))
        register_phrase("experts.expert_created", _("%(actor)s added the expert %(expert)s to the pool"),
                        _profile_fields)
        register_phrase("experts.expert_updated", _("%(actor)s changed the details of the expert %(expert)s"),
                        _profile_fields)
        register_phrase("experts.affiliation_added", _("%(actor)s recorded an affiliation of the expert "
                                                       "%(expert)s"), _pair_fields, details=False)
        register_phrase("experts.affiliation_removed", _("%(actor)s removed an affiliation of the expert "
                                                         "%(expert)s"), _pair_fields, details=False)
