from django.apps import AppConfig
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


def _side(event, name: str) -> dict:  # noqa: ANN001 - AuditEvent
    value = getattr(event, name)
    return value if isinstance(value, dict) else {}


def _material_fields(event) -> dict:  # noqa: ANN001 - AuditEvent
    state = _side(event, "after") or _side(event, "before")
    return {"name": state.get("name") or "—"}


def _count_fields(event) -> dict:  # noqa: ANN001 - AuditEvent
    after = _side(event, "after")
    listed = after.get("experts") or after.get("recommended") or after.get("approved") or []
    return {"count": len(listed) if isinstance(listed, list) else 0}


def _recommendation_fields(event) -> dict:  # noqa: ANN001 - AuditEvent
    return {"recommended": gettext("yes") if _side(event, "after").get("recommended") else gettext("no")}


def _recognised_fields(event) -> dict:  # noqa: ANN001 - AuditEvent
    return {"cluster": _side(event, "after").get("cluster") or "—"}


def _call_fields(event) -> dict:  # noqa: ANN001 - AuditEvent
    after, before = _side(event, "after"), _side(event, "before")
    return {"year": after.get("year", ""), "due": after.get("deadline") or "—",
            "previous": before.get("deadline") or "—"}


class ApplicationsConfig(AppConfig):
    name = "clustermon.applications"
    label = "applications"
    verbose_name = _("Applications")

    def ready(self) -> None:
        from clustermon.audit.queries import register_phrase

        register_phrase("application.create", _("%(actor)s started an application"))
        register_phrase("application.save", _("%(actor)s saved a draft of the application"), details=False)
        register_phrase("application.submit", _("%(actor)s handed in the application (“%(from)s” → “%(to)s”)"))
        register_phrase("application.add_material", _("%(actor)s attached the material %(name)s to the application"),
                        _material_fields, details=False)
        register_phrase("application.remove_material", _("%(actor)s removed the material %(name)s from the "
                                                         "application"), _material_fields, details=False)
        register_phrase("application.pass", _("%(actor)s passed the application on (“%(from)s” → “%(to)s”)"))
        register_phrase("application.return", _("%(actor)s returned the application to its applicants "
                                                 "(from “%(from)s”)"))
        register_phrase("application.judge", _("%(actor)s judged a condition of the application by hand"),
                        details=False)
        register_phrase("application.assign_experts", _("%(actor)s assigned %(count)s expert(s) to the "
                                                        "application"), _count_fields, details=False)
        register_phrase("application.unassign_expert", _("%(actor)s removed an expert from the application"),
                        details=False)
        register_phrase("application.scores_saved", _("%(actor)s saved expert scores for the application"),
                        details=False)
        register_phrase("application.scores_submitted", _("%(actor)s submitted the expert scores for the "
                                                          "application"), details=False)
        register_phrase("application.recommendation", _("%(actor)s set whether the application is recommended "
                                                        "to: %(recommended)s"), _recommendation_fields,
                        details=False)
        register_phrase("application.recognise", _("%(actor)s recognised the applicant as the cluster "
                                                   "%(cluster)s"), _recognised_fields, details=False)
        register_phrase("application_call.create", _("%(actor)s opened the call for applications of %(year)s, "
                                                     "deadline %(due)s"), _call_fields, details=False)
        register_phrase("application_call.move", _("%(actor)s moved the call for applications from “%(from)s” "
                                                   "to “%(to)s”"))
        register_phrase("application_call.deadline", _("%(actor)s moved the deadline of the call for "
                                                       "applications from %(previous)s to %(due)s"),
                        _call_fields, details=False)
        register_phrase("application_call.recommend", _("%(actor)s recorded the recommendations of the call "
                                                        "(%(count)s application(s) recommended)"),
                        _count_fields, details=False)
        register_phrase("application_call.approve", _("%(actor)s approved the decisions of the call "
                                                      "(%(count)s application(s) approved)"),
                        _count_fields, details=False)
        register_phrase("application_call.announce", _("%(actor)s announced the results of the call"),
                        details=False)
