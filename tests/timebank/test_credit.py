"""Signed time to credited time: properties over every combination of inputs."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from minsheng.timebank import policies
from minsheng.timebank.credit import credited_minutes, round_minutes, signed_minutes


def policy(**values):
    return policies.Policy({**policies.defaults().as_dict(), **values})


minutes = st.integers(0, 24 * 60)
settings_ = st.fixed_dictionaries(
    {
        "sign_tolerance_minutes": st.integers(0, 240),
        "rounding_minutes": st.sampled_from([0, 5, 15, 30, 60]),
        "rounding_mode": st.sampled_from(["nearest", "down", "up"]),
        "per_service_max_minutes": st.sampled_from([0, 60, 120, 480]),
    }
)


@given(signed=minutes, booked=st.integers(1, 24 * 60), values=settings_)
def test_credit_never_exceeds_the_booking_plus_tolerance_nor_the_service_maximum(
    signed, booked, values
):
    credited = credited_minutes(signed=signed, booked=booked, policy=policy(**values))
    assert 0 <= credited <= booked + values["sign_tolerance_minutes"]
    if values["per_service_max_minutes"]:
        assert credited <= values["per_service_max_minutes"]


@given(signed=minutes, booked=st.integers(1, 24 * 60))
def test_without_rounding_signed_time_within_the_booking_is_credited_exactly(signed, booked):
    credited = credited_minutes(signed=signed, booked=booked, policy=policy())
    assert credited == min(signed, booked + 15)


@given(value=minutes, step=st.sampled_from([5, 15, 30, 60]))
def test_rounding_lands_on_a_step_within_one_step(value, step):
    for mode in ("nearest", "down", "up"):
        rounded = round_minutes(value, step, mode)
        assert rounded % step == 0
        assert abs(rounded - value) < step or (mode == "nearest" and abs(rounded - value) <= step)
    assert round_minutes(value, step, "down") <= value <= round_minutes(value, step, "up")


def test_signed_minutes_are_whole_and_never_negative():
    start = dt.datetime(2026, 5, 1, 9, tzinfo=dt.UTC)
    assert signed_minutes(start, start + dt.timedelta(minutes=59, seconds=59)) == 59
    assert signed_minutes(start, start - dt.timedelta(minutes=5)) == 0


def test_half_an_hour_rounds_to_the_nearest_half_hour():
    assert credited_minutes(signed=44, booked=60, policy=policy(rounding_minutes=30)) == 30
    assert credited_minutes(signed=45, booked=60, policy=policy(rounding_minutes=30)) == 60
