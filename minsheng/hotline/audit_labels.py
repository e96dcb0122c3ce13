"""The hotline's audit actions, in words."""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from minsheng.audit.labels import register
from minsheng.hotline.models import CaseEvent

# A step of a case's history is recorded as "hotline.<event kind>".
register(
    {
        f"hotline.{kind.value}": format_lazy(_("Case: {step}"), step=kind.label)
        for kind in CaseEvent.Kind
    }
)
register(
    {
        "hotline.receive_case": _("Case received"),
        "hotline.dispatch_case": _("Case dispatched"),
        "hotline.return_case": _("Case returned to the dispatcher"),
        "hotline.reopen_case": _("Case reopened"),
        "hotline.record_callback": _("Call-back recorded"),
        "hotline.merge_case": _("Duplicate case merged"),
        "hotline.correct_case": _("Case corrected by the dispatcher"),
        "hotline.add_note": _("Note added to a case"),
        "hotline.reveal_caller": _("Caller's details shown"),
        "hotline.save_dispatch_rule": _("Dispatch rule saved"),
        "hotline.deactivate_dispatch_rule": _("Dispatch rule switched off"),
        "hotline.issue_partner_key": _("Key issued to a partner system"),
        "hotline.import_cases": _("Cases imported"),
        "hotline.reveal_rejected_rows": _("Rejected rows of an import shown"),
        "hotline.save_article": _("Knowledge base article saved"),
        "hotline.answer_on_call": _("Call answered from the knowledge base"),
        "hotline.wait_for_caller": _("Clock stopped: waiting for the caller"),
        "hotline.resume_clock": _("Clock started again"),
        "hotline.set_workday_exception": _("Working-day exception saved"),
        "hotline.remove_workday_exception": _("Working-day exception removed"),
        "hotline.import_batch": _("Batch of cases imported"),
        "hotline.upload_cases": _("Case file uploaded"),
        "hotline.export_cases": _("Cases exported"),
        "hotline.download_rejected_rows": _("Rejected rows downloaded"),
        "hotline.upload_photo": _("Photo added to a case"),
        "hotline.download_photo": _("Case photo viewed"),
        "hotline.add_information": _("Caller added information online"),
        "hotline.report_anonymously": _("Request reported anonymously online"),
    }
)
