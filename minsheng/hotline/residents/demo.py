"""Demo: requests residents reported online, at each stage: received, with the unit, replied and
waiting for the resident's answer, closed by the resident's online survey, reopened by it, and
an anonymous suggestion sent without a phone."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from PIL import Image

from minsheng.core.uploads import clean_photo
from minsheng.hotline import actions, attachments
from minsheng.hotline.models import Case, CaseAttachment, Category, Channel, TrackingKey
from minsheng.hotline.residents import links
from minsheng.people.models import Organisation, User
from minsheng.regions.models import Region

# The demo resident is the account ``family`` (赵磊): logged in, the page *Follow my request*
# lists these requests (codes texted to residents are masked in the SMS outbox).
RESIDENT = "family"
REPORTS = (
    ("received", "complaint", "030202", "劲松五区12号楼楼道灯坏了一个星期，晚上很黑。"),
    ("dispatched", "help", "010301", "劲松西街路口的路灯不亮，过马路看不清。"),
    ("handled", "complaint", "030201", "劲松三区7号楼电梯经常停运，老人上下楼困难。"),
    ("closed", "suggestion", "010301", "建议在劲松公园门口增加几个休息座椅。"),
    ("reopened", "complaint", "030202", "劲松八区3号楼地下室积水有异味，物业一直没处理。"),
)
ANONYMOUS = ("dispatched", "suggestion", "010301", "建议劲松桥下的人行道增设盲道提示。")
# The key of the anonymous demo request (kept in the clear only here, for the demo's readers).
ANONYMOUS_KEY = "DEMO-KEY2-2026"


def load() -> None:
    resident = User.objects.get(username=RESIDENT)
    for stage, kind, category, content in REPORTS:
        if not Case.objects.filter(channel=Channel.WEB, content=content).exists():
            case = _report(kind, category, content, name=resident.name, phone=resident.phone)
            _advance(case, stage)
    stage, kind, category, content = ANONYMOUS
    if not Case.objects.filter(channel=Channel.WEB, content=content).exists():
        case = _report(kind, category, content, name="", phone="")
        TrackingKey.objects.create(case=case, key_hash=links.key_hash(ANONYMOUS_KEY))
        _advance(case, stage)


def _report(kind: str, category: str, content: str, *, name: str, phone: str) -> Case:
    with attachments.files_undone_on_failure(), transaction.atomic():
        case = actions.receive_case(
            actor=None,
            content=content,
            channel=Channel.WEB,
            kind=kind,
            caller_name=name,
            caller_phone=phone,
            subdistrict=Region.objects.get(code="110105017"),
            category=Category.objects.filter(code=category).first(),
            source="web",
            anonymous=not name,
        )
        attachments.store_photos(
            case,
            [clean_photo(_photo(), name="photo.jpg")],
            role=CaseAttachment.Role.RESIDENT,
            event=case.events.first(),
            actor=None,
        )
    return case


def _advance(case: Case, stage: str) -> None:
    if stage == "received":
        return
    dispatcher = User.objects.get(username="dispatcher")
    staff = User.objects.get(username="jinsong-office")
    office = Organisation.objects.get(code="SD-110105017")
    case = actions.dispatch_case(actor=dispatcher, case=case, unit=office)
    if stage == "dispatched":
        return
    case = actions.accept_case(actor=staff, case=case)
    case = actions.record_contact(actor=staff, case=case, note="已电话联系居民。")
    case = actions.record_result(
        actor=staff,
        case=case,
        result="resolved",
        resolution="已安排维修，并在现场拍照确认。",
        photos=[_upload(after=True)],
    )
    if stage == "closed":
        actions.record_online_callback(case=case, resolved=True, rating="very_satisfied")
    elif stage == "reopened":
        actions.record_online_callback(
            case=case, resolved=False, rating="dissatisfied", comment="积水还在，没有解决。"
        )


def _upload(*, after: bool = False) -> SimpleUploadedFile:
    return SimpleUploadedFile("after.jpg", _photo(after=after).getvalue(), "image/jpeg")


def _photo(*, after: bool = False) -> io.BytesIO:
    """A plain picture standing in for a resident's or a unit's photo."""
    out = io.BytesIO()
    colour = (90, 160, 90) if after else (180, 110, 60)
    Image.new("RGB", (800, 600), colour).save(out, format="JPEG")
    out.seek(0)
    return out
