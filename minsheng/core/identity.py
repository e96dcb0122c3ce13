"""Resident ID numbers (居民身份证号码, GB 11643) and mainland mobile numbers.

Validation answers in the user's language, with a stable error code. People from every province
live in Beijing, so any well-formed province prefix is accepted, not only Beijing's 11.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# First two digits: provinces, autonomous regions and municipalities (GB/T 2260), plus the
# residence permits of Hong Kong (81), Macao (82) and Taiwan (83) residents.
PROVINCE_CODES = frozenset(
    {
        "11",
        "12",
        "13",
        "14",
        "15",
        "21",
        "22",
        "23",
        "31",
        "32",
        "33",
        "34",
        "35",
        "36",
        "37",
        "41",
        "42",
        "43",
        "44",
        "45",
        "46",
        "50",
        "51",
        "52",
        "53",
        "54",
        "61",
        "62",
        "63",
        "64",
        "65",
        "71",
        "81",
        "82",
        "83",
    }
)
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARACTERS = "10X98765432"
ID_PATTERN = re.compile(r"^\d{17}[\dX]$")
MOBILE_PATTERN = re.compile(r"^1[3-9]\d{9}$")
EARLIEST_BIRTH = dt.date(1890, 1, 1)


@dataclass(frozen=True)
class ResidentId:
    number: str
    birth_date: dt.date
    sex: str  # "M" or "F": the 17th digit is odd for men

    @property
    def region_prefix(self) -> str:
        return self.number[:6]

    def age_on(self, day: dt.date) -> int:
        return age_on(self.birth_date, day)

    @property
    def masked(self) -> str:
        return mask_resident_id(self.number)


def age_on(birth_date: dt.date, day: dt.date) -> int:
    had_birthday = (day.month, day.day) >= (birth_date.month, birth_date.day)
    return day.year - birth_date.year - (0 if had_birthday else 1)


def normalise_resident_id(raw: str) -> str:
    return raw.strip().replace(" ", "").upper()


def check_character(first_17: str) -> str:
    total = sum(int(digit) * weight for digit, weight in zip(first_17, WEIGHTS, strict=True))
    return CHECK_CHARACTERS[total % 11]


def parse_resident_id(raw: str, *, today: dt.date | None = None) -> ResidentId:
    """Validate an 18-character resident ID number and return what it tells."""
    number = normalise_resident_id(raw)
    if not ID_PATTERN.match(number):
        raise ValidationError(
            _("A resident ID number has 18 characters: 17 digits and a final digit or X."),
            code="id_format",
        )
    if number[:2] not in PROVINCE_CODES:
        raise ValidationError(
            _("The ID number does not start with a valid province code."), code="id_region"
        )
    try:
        birth_date = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise ValidationError(
            _("The birth date inside the ID number is not a real date."), code="id_birth_date"
        ) from None
    today = today or timezone.localdate()
    if not EARLIEST_BIRTH <= birth_date <= today:
        raise ValidationError(
            _("The birth date inside the ID number is not possible."), code="id_birth_date"
        )
    if check_character(number[:17]) != number[17]:
        raise ValidationError(
            _("The last character of the ID number does not match: please check the number."),
            code="id_checksum",
        )
    sex = "M" if int(number[16]) % 2 else "F"
    return ResidentId(number=number, birth_date=birth_date, sex=sex)


def mask_resident_id(number: str) -> str:
    """``110105********123X``: region and last four kept, birth date hidden."""
    return number[:6] + "*" * (len(number) - 10) + number[-4:] if len(number) > 10 else "****"


def normalise_mobile(raw: str) -> str:
    digits = re.sub(r"[\s-]", "", raw.strip())
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("0086"):
        digits = digits[4:]
    return digits


def parse_mobile(raw: str) -> str:
    number = normalise_mobile(raw)
    if not MOBILE_PATTERN.match(number):
        raise ValidationError(
            _("A mobile number has 11 digits and starts with 13 to 19."), code="mobile_format"
        )
    return number


def mask_mobile(number: str) -> str:
    """``138****1234``."""
    return number[:3] + "****" + number[-4:] if len(number) >= 8 else "****"


def make_resident_id(region_prefix: str, birth_date: dt.date, sequence: int, sex: str) -> str:
    """Compose a valid ID number (for demo data and tests): 3-digit sequence, odd for men."""
    sequence = sequence % 500 * 2 + (1 if sex == "M" else 0)
    first_17 = f"{region_prefix}{birth_date:%Y%m%d}{sequence:03d}"
    return first_17 + check_character(first_17)
