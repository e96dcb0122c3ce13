"""Offers and matching: who is proposed for a request, in which order, and invitations."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from minsheng.audit.models import AuditEntry
from minsheng.regions.models import Region
from minsheng.timebank import clock, matching, unmet
from minsheng.timebank.actions import offers, registration
from minsheng.timebank.actions.registration import set_volunteer_status
from minsheng.timebank.errors import IllegalMove
from minsheng.timebank.models import ServiceCategory, VolunteerOffer
from minsheng.timebank.models.offers import cell_of

# The elder's home in Jinsong; volunteers are placed north of it by so many metres.
HOME = (39.8866, 116.4617)
METRES_PER_DEGREE = 111_195


def north(metres: float) -> tuple[float, float]:
    return HOME[0] + metres / METRES_PER_DEGREE, HOME[1]


def category(code: str = "emotional_comfort") -> ServiceCategory:
    return ServiceCategory.objects.get(code=code)


def offer(tb, volunteer, *, at=HOME, metres=2000, codes=("emotional_comfort",), **kw):  # type: ignore[no-untyped-def]
    return offers.save_offer(
        actor=volunteer,
        volunteer=volunteer,
        categories=[category(c) for c in codes],
        latitude=at[0],
        longitude=at[1],
        max_distance_m=metres,
        **kw,
    )


@pytest.fixture
def request_(tb):  # type: ignore[no-untyped-def]
    """An approved chat visit for the cast's elder, whose home is placed at HOME."""
    offers.place_home(
        actor=tb.cast.station_operator, person=tb.cast.elder, latitude=HOME[0], longitude=HOME[1]
    )
    return tb.approved(tb.cast.elder)


def proposed(order) -> list[int]:  # type: ignore[no-untyped-def]
    return [m.volunteer_id for m in matching.matches(order, limit=1000)]


class TestOffers:
    def test_a_volunteer_posts_an_offer_and_it_is_audited(self, tb):
        saved = offer(tb, tb.cast.volunteer, availability=[[2, 540, 720]], note="周三上午有空")
        assert (saved.cell_row, saved.cell_col) == cell_of(*HOME)
        assert saved.availability == [[2, 540, 720]]
        entry = AuditEntry.objects.get(action="timebank.post_offer")
        assert entry.after["categories"] == ["emotional_comfort"]

    def test_posting_again_changes_the_one_offer(self, tb):
        offer(tb, tb.cast.volunteer)
        offer(tb, tb.cast.volunteer, metres=500, codes=("assistance",))
        only = VolunteerOffer.objects.get()
        assert only.max_distance_m == 500
        assert [c.code for c in only.categories.all()] == ["assistance"]

    @pytest.mark.parametrize(
        ("changes", "field"),
        [
            ({"metres": 50}, "max_distance_m"),
            ({"metres": 50_000}, "max_distance_m"),
            ({"codes": ()}, "categories"),
            ({"at": (95.0, 116.0)}, "latitude"),
            ({"availability": [[7, 540, 600]]}, "availability"),
            ({"availability": [[1, 600, 540]]}, "availability"),
        ],
    )
    def test_bad_offers_are_refused_with_the_field_named(self, tb, changes, field):
        with pytest.raises(ValidationError) as refused:
            offer(tb, tb.cast.volunteer, **changes)
        assert field in refused.value.error_dict
        assert not VolunteerOffer.objects.exists()

    def test_only_a_registered_volunteer_offers(self, tb):
        with pytest.raises(IllegalMove):
            offer(tb, tb.cast.elder)

    def test_another_resident_cannot_post_a_volunteers_offer(self, tb):
        other = tb.volunteer()
        with pytest.raises(PermissionDenied):
            offers.save_offer(
                actor=other,
                volunteer=tb.cast.volunteer,
                categories=[category()],
                latitude=HOME[0],
                longitude=HOME[1],
                max_distance_m=1000,
            )


class TestWhoIsProposed:
    def test_a_volunteer_within_their_distance_with_the_skill_is_proposed_with_it(
        self, tb, request_
    ):
        offer(tb, tb.cast.volunteer, at=north(800), metres=1000)
        [match] = matching.matches(request_)
        assert match.volunteer_id == tb.cast.volunteer.pk
        assert 790 <= match.distance_m <= 810

    def test_beyond_their_distance_they_are_not(self, tb, request_):
        offer(tb, tb.cast.volunteer, at=north(1500), metres=1000)
        assert proposed(request_) == []

    def test_without_the_kind_of_help_they_are_not(self, tb, request_):
        offer(tb, tb.cast.volunteer, codes=("legal_aid",))
        assert proposed(request_) == []

    def test_an_area_they_serve_brings_them_in_at_any_distance(self, tb, request_):
        jinsong = Region.objects.get(code="110105017")
        offer(tb, tb.cast.volunteer, at=north(15_000), metres=1000, areas=[jinsong])
        assert proposed(request_) == [tb.cast.volunteer.pk]

    def test_without_a_home_point_only_the_area_counts(self, tb):
        order = tb.approved(tb.cast.elder)
        near = tb.volunteer()
        offer(tb, near)
        assert proposed(order) == []
        offer(tb, tb.cast.volunteer, areas=[Region.objects.get(code="110105017")])
        [match] = matching.matches(order)
        assert (match.volunteer_id, match.distance_m) == (tb.cast.volunteer.pk, None)

    def test_a_suspended_or_untrained_volunteer_is_not_proposed(self, tb, request_):
        offer(tb, tb.cast.volunteer)
        set_volunteer_status(
            actor=tb.cast.station_operator,
            volunteer=tb.cast.volunteer.volunteer_profile,
            status="suspended",
            reason="投诉核实中",
        )
        untrained = tb.person()
        registration.register_volunteer(
            actor=tb.cast.station_operator, person=untrained, station=tb.station
        )
        offer(tb, untrained)
        assert proposed(request_) == []

    def test_a_volunteer_busy_at_that_time_is_not_proposed(self, tb, request_):
        offer(tb, tb.cast.volunteer)
        other_elder = tb.elder(minutes=600)
        tb.booked(
            other_elder,
            tb.cast.volunteer,
            starts_at=request_.starts_at,
            item=tb.item("reading"),
        )
        assert proposed(request_) == []

    def test_the_elder_is_never_proposed_for_their_own_request(self, tb):
        elder_volunteer = tb.volunteer(age=81)
        tb.register_elder(elder_volunteer)
        tb.fund(elder_volunteer, 600)
        offer(tb, elder_volunteer)
        offers.place_home(
            actor=tb.cast.station_operator,
            person=elder_volunteer,
            latitude=HOME[0],
            longitude=HOME[1],
        )
        assert elder_volunteer.pk not in proposed(tb.approved(elder_volunteer))


class TestRanking:
    def test_nearer_and_free_at_that_time_come_first(self, tb, request_):
        start = timezone.localtime(request_.starts_at)
        slot = [[start.weekday(), start.hour * 60, min(24 * 60, start.hour * 60 + 120)]]
        far_free, near_busy, near_free = tb.volunteer(), tb.volunteer(), tb.volunteer()
        offer(tb, far_free, at=north(1000), availability=slot)
        offer(tb, near_busy, at=north(200))
        offer(tb, near_free, at=north(200), availability=slot)
        assert proposed(request_) == [near_free.pk, far_free.pk, near_busy.pk]
        assert matching.matches(request_)[0].available

    def test_good_ratings_count(self, tb, request_):
        rated, new = tb.volunteer(), tb.volunteer()
        other = tb.elder(minutes=600)
        order = tb.settled(other, rated, hours_ahead=2)
        assert order.rating == 5
        offer(tb, rated, at=north(300))
        offer(tb, new, at=north(300))
        matches = {m.volunteer_id: m for m in matching.matches(request_)}
        assert matches[rated.pk].rating == 5.0 and matches[new.pk].rating is None


class TestInvitations:
    def test_the_station_asks_a_matched_volunteer_once(self, tb, request_):
        offer(tb, tb.cast.volunteer, at=north(600))
        invitation = offers.invite_volunteer(
            actor=tb.cast.station_operator, order=request_, volunteer=tb.cast.volunteer
        )
        assert 590 <= invitation.distance_m <= 610
        assert AuditEntry.objects.filter(action="timebank.invite_volunteer").exists()
        assert matching.matches(request_)[0].invited
        with pytest.raises(IllegalMove):
            offers.invite_volunteer(
                actor=tb.cast.station_operator, order=request_, volunteer=tb.cast.volunteer
            )

    def test_a_volunteer_who_does_not_match_cannot_be_asked(self, tb, request_):
        offer(tb, tb.cast.volunteer, codes=("legal_aid",))
        with pytest.raises(IllegalMove):
            offers.invite_volunteer(
                actor=tb.cast.station_operator, order=request_, volunteer=tb.cast.volunteer
            )

    def test_the_elder_asks_directly_but_another_volunteer_may_not(self, tb, request_):
        offer(tb, tb.cast.volunteer)
        offers.invite_volunteer(actor=tb.cast.elder, order=request_, volunteer=tb.cast.volunteer)
        other = tb.volunteer()
        with pytest.raises(PermissionDenied):
            offers.invite_volunteer(actor=other, order=request_, volunteer=tb.cast.volunteer)

    def test_a_booked_request_takes_no_invitations(self, tb, request_):
        offer(tb, tb.cast.volunteer)
        from minsheng.timebank.actions import orders

        orders.book_order(actor=tb.cast.volunteer, order=request_)
        with pytest.raises(IllegalMove):
            offers.invite_volunteer(
                actor=tb.cast.station_operator, order=request_, volunteer=tb.cast.volunteer
            )

    def test_fairness_spreads_invitations(self, tb):
        """Equal volunteers: asking the best match for each new request asks everyone once
        before anyone twice."""
        offers.place_home(
            actor=tb.cast.station_operator,
            person=tb.cast.elder,
            latitude=HOME[0],
            longitude=HOME[1],
        )
        team = {person.pk: person for person in (tb.volunteer() for _ in range(4))}
        for person in team.values():
            offer(tb, person, at=north(500))
        asked = []
        for hours in range(24, 24 + 2 * len(team)):
            order = tb.approved(tb.cast.elder, hours_ahead=hours)
            best = matching.matches(order)[0]
            offers.invite_volunteer(
                actor=tb.cast.station_operator, order=order, volunteer=team[best.volunteer_id]
            )
            asked.append(best.volunteer_id)
        assert sorted(asked[:4]) == sorted(team)
        assert sorted(asked[4:]) == sorted(team)


class TestTheVolunteersSide:
    def test_requests_that_fit_come_with_their_distance(self, tb, request_):
        offer(tb, tb.cast.volunteer, at=north(700), metres=1000)
        [(order, match)] = matching.open_requests_for(tb.cast.volunteer)
        assert order == request_ and 690 <= match.distance_m <= 710

    def test_requests_beyond_the_distance_are_not_shown(self, tb, request_):
        offer(tb, tb.cast.volunteer, at=north(1700), metres=1000)
        assert matching.open_requests_for(tb.cast.volunteer) == []


class TestUnmetNeeds:
    def test_a_request_that_expired_unbooked_is_on_the_board(self, tb):
        past = timezone.now() - dt.timedelta(days=2)
        with clock.at(past - dt.timedelta(days=1)):
            tb.approved(tb.cast.elder, starts_at=past)
        tb.approved(tb.cast.elder)  # still open: not on the board
        [row] = unmet.board(tb.chaoyang)
        assert (row.subdistrict.code, row.category.code, row.expired) == (
            "110105017",
            "emotional_comfort",
            1,
        )
        assert row.offers == 0 and row.volunteers_missing
        offer(tb, tb.cast.volunteer)
        assert not unmet.board(tb.chaoyang)[0].volunteers_missing


# --- Properties --------------------------------------------------------------------------------

CODES = ("emotional_comfort", "assistance", "outing")


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=25_000),  # metres north of the elder
            st.integers(min_value=100, max_value=20_000),  # how far they will go
            st.sampled_from(CODES),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_a_volunteer_beyond_their_distance_or_without_the_skill_is_never_proposed(tb, volunteers):
    from django.db import transaction

    with transaction.atomic():
        offers.place_home(
            actor=tb.cast.station_operator,
            person=tb.cast.elder,
            latitude=HOME[0],
            longitude=HOME[1],
        )
        order = tb.approved(tb.cast.elder, hours_ahead=24 + len(volunteers))
        expected = set()
        for away, limit, code in volunteers:
            # Not on the very edge, where a metre's rounding could go either way.
            assume(abs(matching.distance_m(*HOME, *north(away)) - limit) > 2)
            person = tb.volunteer()
            offer(tb, person, at=north(away), metres=limit, codes=(code,))
            exact = matching.distance_m(*HOME, *north(away))
            if code == "emotional_comfort" and exact <= limit:
                expected.add(person.pk)
        found = {m.volunteer_id: m for m in matching.matches(order, limit=1000)}
        assert set(found) == expected
        for match in found.values():
            assert match.distance_m is not None
        transaction.set_rollback(True)
