import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from minsheng.core import identity


def test_it_accepts_a_valid_number_and_reads_birth_date_and_sex():
    parsed = identity.parse_resident_id("11010519491231002X")
    assert parsed.birth_date == dt.date(1949, 12, 31)
    assert parsed.sex == "F"
    assert parsed.masked == "110105********002X"


def test_it_accepts_numbers_from_other_provinces():
    number = identity.make_resident_id("440305", dt.date(1990, 1, 1), 7, "M")
    assert identity.parse_resident_id(number).sex == "M"


def test_it_normalises_a_lowercase_x_and_spaces():
    assert identity.parse_resident_id(" 11010519491231002x ").number == "11010519491231002X"


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("1101051949123100", "id_format"),
        ("11010519491231002Y", "id_format"),
        ("99010519491231002X", "id_region"),
        ("11010519490230002X", "id_birth_date"),
        ("110105" + "2999" + "0101" + "0011", "id_birth_date"),
        ("110105194912310021", "id_checksum"),
    ],
)
def test_it_rejects_bad_numbers_with_a_code(number, code):
    with pytest.raises(ValidationError) as error:
        identity.parse_resident_id(number)
    assert error.value.code == code


def message_in(language: str, number: str) -> str:
    with translation.override(language), pytest.raises(ValidationError) as error:
        identity.parse_resident_id(number)
    with translation.override(language):
        return error.value.messages[0]


def test_error_messages_exist_in_both_languages():
    assert "ID number" in message_in("en", "110105194912310021")
    assert "身份证" in message_in("zh-hans", "110105194912310021")


birth_dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2020, 12, 31))


@given(birth=birth_dates, sequence=st.integers(0, 999), sex=st.sampled_from("MF"))
def test_composed_numbers_always_validate_and_round_trip(birth, sequence, sex):
    number = identity.make_resident_id("110105", birth, sequence, sex)
    parsed = identity.parse_resident_id(number)
    assert (parsed.birth_date, parsed.sex) == (birth, sex)


@given(birth=birth_dates, position=st.integers(14, 16), delta=st.integers(1, 9))
def test_changing_one_digit_breaks_the_check_character(birth, position, delta):
    number = identity.make_resident_id("110105", birth, 1, "M")
    digit = (int(number[position]) + delta) % 10
    altered = number[:position] + str(digit) + number[position + 1 :]
    with pytest.raises(ValidationError):
        identity.parse_resident_id(altered)


@pytest.mark.parametrize("raw", ["13812345678", "+86 138 1234 5678", "138-1234-5678"])
def test_it_accepts_mobile_numbers_in_common_spellings(raw):
    assert identity.parse_mobile(raw) == "13812345678"


@pytest.mark.parametrize("raw", ["12812345678", "1381234567", "phone"])
def test_it_rejects_bad_mobile_numbers(raw):
    with pytest.raises(ValidationError):
        identity.parse_mobile(raw)


def test_it_masks_mobile_numbers():
    assert identity.mask_mobile("13812345678") == "138****5678"


def test_age_counts_whole_years():
    assert identity.age_on(dt.date(1960, 6, 15), dt.date(2020, 6, 14)) == 59
    assert identity.age_on(dt.date(1960, 6, 15), dt.date(2020, 6, 15)) == 60
