"""Demo: requests residents reported online, at each stage (received, with the unit, replied and
waiting for the resident's answer, closed by the resident's online survey)."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from PIL import Image

from minsheng.core.uploads import clean_photo
from minsheng.hotline import actions, attachments, callers
from minsheng.hotline.models import Case, CaseAttachment, Category, Channel
from minsheng.people.models import Organisation, User
from minsheng.regions.models import Region

# A demo resident's phone: follow the requests at /12345/track/, the code is in the SMS outbox.
DEMO_PHONE = "13700001000"
REPORTS = (
    ("received", "complaint", "030202", "劲松五区12号楼楼道灯坏了一个星期，晚上很黑。"),
    ("dispatched", "help", "010301", "劲松西街路口的路灯不亮，过马路看不清。"),
    ("handled", "complaint", "030201", "劲松三区7号楼电梯经常停运，老人上下楼困难。"),
    ("closed", "suggestion", "010301", "建议在劲松公园门口增加几个休息座椅。"),
)


def load() -> None:
    if Case.objects.filter(
        channel=Channel.WEB, caller_phone_hash=callers.phone_hash(DEMO_PHONE)
    ).exists():
        return
    dispatcher = User.objects.get(username="dispatcher")
    staff = User.objects.get(username="jinsong-office")
    office = Organisation.objects.get(code="SD-110105017")
    jinsong = Region.objects.get(code="110105017")
    for stage, kind, category, content in REPORTS:
        with attachments.files_undone_on_failure(), transaction.atomic():
            case = actions.receive_case(
                actor=None,
                content=content,
                channel=Channel.WEB,
                kind=kind,
                caller_name="赵丽华",
                caller_phone=DEMO_PHONE,
                subdistrict=jinsong,
                category=Category.objects.filter(code=category).first(),
                source="web",
            )
            attachments.store_photos(
                case,
                [clean_photo(_photo(), name="photo.jpg")],
                role=CaseAttachment.Role.RESIDENT,
                event=case.events.first(),
                actor=None,
            )
        _advance(case, stage, dispatcher, staff, office)


def _advance(case: Case, stage: str, dispatcher: User, staff: User, office: Organisation) -> None:
    if stage == "received":
        return
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
        actions.record_online_callback(case=case, resolved=True, satisfaction="satisfied")


def _upload(*, after: bool = False) -> SimpleUploadedFile:
    return SimpleUploadedFile("after.jpg", _photo(after=after).getvalue(), "image/jpeg")


def _photo(*, after: bool = False) -> io.BytesIO:
    """A plain picture standing in for a resident's or a unit's photo."""
    out = io.BytesIO()
    colour = (90, 160, 90) if after else (180, 110, 60)
    Image.new("RGB", (800, 600), colour).save(out, format="JPEG")
    out.seek(0)
    return out
