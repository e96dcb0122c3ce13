"""The residents' API (``/api/hotline/residents/``): report, follow and answer the survey without
an account, with the same proof as the pages.

The phone is proved by a texted code; proving a case returns a ``token`` (the signed case
number of the reply text's link) that the following calls carry in their path. Nothing here
needs a session, so apps and mini-programs use it as the pages do.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from minsheng.core.api import validated
from minsheng.hotline import actions
from minsheng.hotline.actions.residents import MAX_CONTENT, RESIDENT_KINDS
from minsheng.hotline.attachments import MAX_PHOTOS
from minsheng.hotline.models import Case, Category, Rating
from minsheng.hotline.residents import links, timeline
from minsheng.regions.models import Region


class CodeRequestSerializer(serializers.Serializer[Any]):
    phone = serializers.CharField(max_length=20)
    # To follow a case, its number: the code is sent only to that case's caller.
    number = serializers.CharField(max_length=64, required=False, allow_blank=True)


class ReportSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=[k.value for k in RESIDENT_KINDS])
    content = serializers.CharField(max_length=MAX_CONTENT)
    category = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Category.objects.filter(is_active=True),
        required=False,
        allow_null=True,
    )
    place = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Region.objects.places(),
        required=False,
        allow_null=True,
        help_text="Code of the district or sub-district.",
    )
    address = serializers.CharField(max_length=300, required=False, allow_blank=True)
    latitude = serializers.FloatField(
        min_value=39.4, max_value=41.1, required=False, allow_null=True
    )
    longitude = serializers.FloatField(
        min_value=115.4, max_value=117.6, required=False, allow_null=True
    )
    anonymous = serializers.BooleanField(
        required=False,
        default=False,
        help_text="No name is kept; the kinds of HOTLINE_ANONYMOUS_KINDS may also come without "
        "a phone (and then the answer carries a key to follow the case).",
    )
    name = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    code = serializers.RegexField(r"^\d{6}$", required=False, allow_blank=True, default="")
    photos = serializers.ListField(
        child=serializers.FileField(), max_length=MAX_PHOTOS, required=False
    )


class ProofSerializer(serializers.Serializer[Any]):
    """Either the phone and the code texted to it, or the key of a report without a phone."""

    number = serializers.CharField(max_length=64)
    phone = serializers.CharField(max_length=20, required=False)
    code = serializers.RegexField(r"^\d{6}$", required=False)
    key = serializers.CharField(max_length=20, required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs.get("key") and not (attrs.get("phone") and attrs.get("code")):
            raise serializers.ValidationError(_("Give the phone and its code, or the key."))
        return attrs


class ProvenSerializer(serializers.Serializer[Any]):
    number = serializers.CharField()
    token = serializers.CharField(
        help_text="Carried in the path of the following calls; works HOTLINE_CASE_LINK_DAYS days."
    )
    key = serializers.CharField(
        required=False, help_text="Only for a report without a phone: shown once, keep it."
    )


class StepSerializer(serializers.Serializer[Any]):
    at = serializers.DateTimeField()
    title = serializers.CharField()
    text = serializers.CharField()
    photos = serializers.ListField(child=serializers.CharField())


class PublicCaseSerializer(serializers.Serializer[Any]):
    number = serializers.CharField()
    status = serializers.CharField()
    status_text = serializers.CharField()
    kind = serializers.CharField()
    anonymous = serializers.BooleanField()
    content = serializers.CharField()
    received_at = serializers.DateTimeField()
    handling_due = serializers.DateTimeField(allow_null=True)
    steps = StepSerializer(many=True)
    may_answer_survey = serializers.BooleanField()


class SurveySerializer(serializers.Serializer[Any]):
    resolved = serializers.BooleanField()
    # Five levels; the rates count them as the telephone call-back's three.
    rating = serializers.ChoiceField(
        choices=Rating.choices,
        help_text="very_satisfied and satisfied count as satisfied, neutral as basically "
        "satisfied, dissatisfied and very_dissatisfied as dissatisfied.",
    )
    comment = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class InformationSerializer(serializers.Serializer[Any]):
    note = serializers.CharField(max_length=MAX_CONTENT, required=False, allow_blank=True)
    photos = serializers.ListField(
        child=serializers.FileField(), max_length=MAX_PHOTOS, required=False
    )


class _Public(APIView):
    permission_classes = [AllowAny]
    parser_classes = [JSONParser, FormParser, MultiPartParser]


class LinkGone(exceptions.APIException):
    """A genuine token past ``HOTLINE_CASE_LINK_DAYS``: prove the case again (410)."""

    status_code = status.HTTP_410_GONE
    default_code = "expired"


def _proven(token: str) -> Case:
    try:
        number = links.case_number_of(token)
    except links.LinkExpired:
        raise LinkGone(
            _("This link has expired. Prove the case again with its number and a code.")
        ) from None
    case = (
        Case.objects.select_related("lead_unit").filter(number=number).first() if number else None
    )
    if case is None:
        raise Http404
    return case


def _public(case: Case) -> dict[str, Any]:
    return {
        "number": case.number,
        "status": case.status,
        "status_text": timeline.plain_status(case),
        "kind": case.kind,
        "anonymous": case.anonymous,
        "content": case.content,
        "received_at": case.received_at,
        "handling_due": case.handling_due,
        "steps": [
            {
                "at": step.at,
                "title": step.title,
                "text": step.text,
                "photos": [reverse("residents:photo", args=[p.pk]) for p in step.photos],
            }
            for step in timeline.steps(case)
        ],
        "may_answer_survey": case.status == "handled",
    }


def _photos(request: Request) -> list[Any]:
    return list(request.FILES.getlist("photos")) if hasattr(request.FILES, "getlist") else []


class CodeView(_Public):
    @extend_schema(request=CodeRequestSerializer, responses={202: None})
    def post(self, request: Request) -> Response:
        """Text a code: to report (no number) or to follow the case with this number."""
        data = validated(CodeRequestSerializer, request.data)
        if data.get("number"):
            actions.send_track_code(number=data["number"], phone=data["phone"])
        else:
            actions.send_report_code(phone=data["phone"])
        return Response(status=status.HTTP_202_ACCEPTED)


class ReportView(_Public):
    @extend_schema(request=ReportSerializer, responses={201: ProvenSerializer})
    def post(self, request: Request) -> Response:
        """Report a request; send photos as multipart ``photos`` parts. Anonymous: no name;
        without a phone only for the kinds that allow it, answered with a ``key``."""
        data = validated(ReportSerializer, request.data)
        place: Region | None = data.pop("place", None)
        data.pop("photos", None)
        reported = actions.report_case(
            **data,
            district=place if place is not None and place.level == 2 else None,
            subdistrict=place if place is not None and place.level == 3 else None,
            photos=_photos(request),
        )
        number = reported.case.number
        proven = {"number": number, "token": links.case_token(number)}
        if reported.key:
            proven["key"] = reported.key
        return Response(proven, status=status.HTTP_201_CREATED)


class ProveView(_Public):
    @extend_schema(request=ProofSerializer, responses={200: ProvenSerializer})
    def post(self, request: Request) -> Response:
        """Prove a case with the code texted to its caller, or with the key of a report made
        without a phone; answers the token to follow it."""
        data = validated(ProofSerializer, request.data)
        if data.get("key"):
            case = actions.prove_case_by_key(number=data["number"], key=data["key"])
        else:
            case = actions.prove_case(number=data["number"], phone=data["phone"], code=data["code"])
        return Response({"number": case.number, "token": links.case_token(case.number)})


class CaseView(_Public):
    @extend_schema(responses={200: PublicCaseSerializer})
    def get(self, request: Request, token: str) -> Response:
        """The case as its caller sees it: plain status and the public steps."""
        return Response(_public(_proven(token)))


class SurveyView(_Public):
    @extend_schema(request=SurveySerializer, responses={200: PublicCaseSerializer})
    def post(self, request: Request, token: str) -> Response:
        """The online call-back survey; "not resolved" sends the case back to its unit."""
        case = actions.record_online_callback(
            case=_proven(token), **validated(SurveySerializer, request.data)
        )
        return Response(_public(case))


class InformationView(_Public):
    @extend_schema(request=InformationSerializer, responses={201: PublicCaseSerializer})
    def post(self, request: Request, token: str) -> Response:
        """Add information or photos to an open case; its lead unit sees them."""
        data = validated(InformationSerializer, request.data)
        case = _proven(token)
        actions.add_information(case=case, note=data.get("note", ""), photos=_photos(request))
        return Response(_public(case), status=status.HTTP_201_CREATED)
