from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _evidence_fields(event) -> dict:  # noqa: ANN001 - AuditEvent
    state = event.after if isinstance(event.after, dict) else event.before if isinstance(event.before, dict) else {}
    return {"name": state.get("name") or "—", "item": state.get("item") or "—",
            "points": state.get("points") or "—"}


def _count_fields(event) -> dict:  # noqa: ANN001 - AuditEvent
    return {"count": len(event.after) if isinstance(event.after, dict) else 0}


def _policy_fields(event) -> dict:  # noqa: ANN001 - AuditEvent
    after = event.after if isinstance(event.after, dict) else {}
    return {"size": after.get("max_size_mb") or "—"}


class SubmissionsConfig(AppConfig):
    name = "clustermon.submissions"
    label = "submissions"
    verbose_name = _("Submissions")

    def ready(self) -> None:
        from clustermon.audit.queries import register_phrase

        register_phrase("submission.start", _("%(actor)s started the submission"))
        register_phrase("submission.save_draft", _("%(actor)s saved a draft (%(count)s value(s) changed)"),
                        _count_fields, details=False)
        register_phrase("submission.import", _("%(actor)s imported %(count)s value(s) from a workbook"),
                        _count_fields, details=False)
        register_phrase("submission.submit", _("%(actor)s handed in the submission (“%(from)s” → “%(to)s”)"))
        register_phrase("submission.add_evidence", _("%(actor)s attached the evidence %(name)s"),
                        _evidence_fields, details=False)
        register_phrase("submission.remove_evidence", _("%(actor)s removed the evidence %(name)s"),
                        _evidence_fields, details=False)
        register_phrase("submission.claim", _("%(actor)s claimed %(points)s point(s) for %(item)s"),
                        _evidence_fields, details=False)
        register_phrase("submission.withdraw_claim", _("%(actor)s withdrew the claim of %(points)s point(s) "
                                                       "for %(item)s"), _evidence_fields, details=False)
        register_phrase("submission.evidence_policy", _("%(actor)s changed the evidence rules (up to %(size)s MB "
                                                        "per file)"), _policy_fields)
