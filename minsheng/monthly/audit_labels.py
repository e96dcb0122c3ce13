"""The audit actions of "One issue per month", in words."""

from django.utils.translation import gettext_lazy as _

from minsheng.audit.labels import register

register(
    {
        "monthly.record_selection": _("Selection run recorded from the command line"),
        "monthly.start_selection": _("Selection of candidates started"),
        "monthly.finish_selection": _("Selection of candidates finished"),
        "monthly.decide_candidate": _("Candidate decided"),
        "monthly.create_plan": _("Annual programme created"),
        "monthly.save_theme": _("Monthly theme saved"),
        "monthly.create_problem": _("Problem added to the programme"),
        "monthly.update_problem": _("Problem changed"),
        "monthly.add_task": _("Task added"),
        "monthly.set_task_status": _("Task status changed"),
        "monthly.add_policy": _("Policy recorded"),
        "monthly.add_document": _("Document added to a problem"),
        "monthly.download_document": _("Problem document downloaded"),
        "monthly.add_note": _("Progress note added"),
        "monthly.record_meeting": _("Meeting recorded"),
        "monthly.open_supervision": _("Supervision item opened"),
        "monthly.escalate_supervision": _("Supervision item escalated"),
        "monthly.close_supervision": _("Supervision item closed"),
        "monthly.start_forecast": _("Forecast of cases started"),
        "monthly.finish_forecast": _("Forecast of cases finished"),
        "monthly.assign_proactive_item": _("Proactive item handed to a unit"),
        "monthly.dismiss_proactive_item": _("Proactive item set aside"),
    }
)
