"""A photo with the sign-in or sign-out: cleaned, kept with the order, shown only to the station
and the order's parties, every upload and view audited."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from PIL import Image

from minsheng.audit.models import AuditEntry
from minsheng.timebank import clock
from minsheng.timebank.models import OrderPhoto, OrderState
from tests import photos
from tests.database import assert_append_only
from tests.photos import stored_files

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]


def sign(client, user, order, kind, upload=None):  # type: ignore[no-untyped-def]
    client.force_login(user)
    data = {"photo": upload} if upload is not None else {}
    moment = order.starts_at if kind == "sign_in" else order.ends_at
    with clock.at(moment):
        return client.post(reverse(f"timebank:{kind}", args=[order.pk]), data, follow=True)


@pytest.fixture
def signed_with_photo(client, tb):  # type: ignore[no-untyped-def]
    order = tb.booked(tb.cast.elder, tb.cast.volunteer)
    sign(client, tb.cast.volunteer, order, "sign_in", photos.photo("door.jpg", gps=True))
    return OrderPhoto.objects.get(order=order)


def test_the_volunteer_signs_in_with_a_photo_kept_without_its_gps(
    client, tb, signed_with_photo, media
):
    photo = signed_with_photo
    photo.order.refresh_from_db()
    assert photo.order.state == OrderState.SIGNED_IN
    assert (photo.kind, photo.uploaded_by) == ("sign_in", tb.cast.volunteer)
    kept = (media / photo.file).read_bytes()
    assert not Image.open(io.BytesIO(kept)).getexif() and b"PhoneMaker" not in kept
    entry = AuditEntry.objects.get(action="timebank.add_photo")
    assert entry.actor == tb.cast.volunteer and entry.after["photo"] == photo.pk


def test_a_sign_without_a_photo_stores_nothing(client, tb, media):
    order = tb.booked(tb.cast.elder, tb.cast.volunteer)
    sign(client, tb.cast.volunteer, order, "sign_in")
    order.refresh_from_db()
    assert order.state == OrderState.SIGNED_IN
    assert not OrderPhoto.objects.exists() and stored_files(media) == []


def test_a_script_disguised_as_a_photo_refuses_the_sign_and_leaves_no_file(client, tb, media):
    order = tb.booked(tb.cast.elder, tb.cast.volunteer)
    page = sign(client, tb.cast.volunteer, order, "sign_in", photos.script_as_jpeg())
    assert "photo.jpg" in page.content.decode()  # the message names the file
    order.refresh_from_db()
    assert order.state == OrderState.BOOKED and order.signed_in_at is None
    assert not OrderPhoto.objects.exists() and stored_files(media) == []
    assert not AuditEntry.objects.filter(action="timebank.add_photo").exists()


def test_a_refused_sign_keeps_no_photo(client, tb, media):
    order = tb.booked(tb.cast.elder, tb.cast.volunteer)
    # Signing out before signing in is refused: the photo goes with it.
    sign(client, tb.cast.volunteer, order, "sign_out", photos.photo())
    assert not OrderPhoto.objects.exists() and stored_files(media) == []


def test_the_photo_is_shown_on_the_order_page_and_its_view_is_audited(
    client, tb, signed_with_photo
):
    client.force_login(tb.cast.station_operator)
    page = client.get(reverse("timebank:order", args=[signed_with_photo.order_id])).content
    assert reverse("timebank:order_photo_thumb", args=[signed_with_photo.pk]).encode() in page
    answer = client.get(reverse("timebank:order_photo", args=[signed_with_photo.pk]))
    assert answer.status_code == 200 and answer["Content-Type"] == "image/jpeg"
    assert answer["Cache-Control"] == "private, no-store"
    entry = AuditEntry.objects.get(action="timebank.view_photo")
    assert entry.actor == tb.cast.station_operator and entry.after["photo"] == signed_with_photo.pk


@pytest.mark.parametrize("who", ["elder", "family", "volunteer", "station_operator"])
def test_the_parties_and_the_station_see_the_photo(client, tb, signed_with_photo, who):
    client.force_login(getattr(tb.cast, who))
    answer = client.get(reverse("timebank:order_photo_thumb", args=[signed_with_photo.pk]))
    assert answer.status_code == 200


def test_anyone_else_gets_not_found_and_nothing_is_audited(client, tb, signed_with_photo):
    other_volunteer = tb.volunteer()
    for person in (tb.cast.outsider, other_volunteer, tb.operator(tb.other_station)):
        client.force_login(person)
        answer = client.get(reverse("timebank:order_photo", args=[signed_with_photo.pk]))
        assert answer.status_code == 404
    assert not AuditEntry.objects.filter(action="timebank.view_photo").exists()


def test_the_field_app_signs_out_with_a_photo(client, tb, media):
    order = tb.booked(tb.cast.elder, tb.cast.volunteer)
    sign(client, tb.cast.volunteer, order, "sign_in")
    client.force_login(tb.cast.volunteer)
    with clock.at(order.ends_at):
        client.post(
            reverse("presence:sign_without_code", args=[order.pk, "sign_out"]),
            {"photo": photos.photo("done.jpg")},
        )
    order.refresh_from_db()
    assert order.state == OrderState.SIGNED_OUT
    assert OrderPhoto.objects.get(order=order).kind == "sign_out"


def test_the_field_app_refuses_a_disguised_photo_and_does_not_sign(client, tb, media):
    order = tb.booked(tb.cast.elder, tb.cast.volunteer)
    client.force_login(tb.cast.volunteer)
    with clock.at(order.starts_at):
        client.post(
            reverse("presence:sign_without_code", args=[order.pk, "sign_in"]),
            {"photo": photos.script_as_jpeg()},
        )
    order.refresh_from_db()
    assert order.state == OrderState.BOOKED and stored_files(media) == []


@pytest.mark.django_db(transaction=True)
def test_photos_cannot_be_rewritten_or_deleted(tb, signed_with_photo):
    assert_append_only(OrderPhoto, signed_with_photo.pk, "original_name")
