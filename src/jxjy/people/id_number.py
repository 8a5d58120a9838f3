"""The resident identity number (公民身份号码), GB 11643-1999.

18 characters: a 6-digit region code, the birth date YYYYMMDD, a 3-digit sequence whose last
digit is odd for men and even for women, and a check character (ISO 7064 MOD 11-2).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK = "10X98765432"


def check_character(first17: str) -> str:
    return CHECK[sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True)) % 11]


@dataclass(frozen=True)
class Parsed:
    birth_date: dt.date
    gender: str  # "M" or "F"


class InvalidIdNumber(ValueError):
    """Why a number is not a valid resident identity number (never includes the number);
    `code` says it for machines: "shape", "check_digit", "birth_date"
    or "birth_future"."""

    def __init__(self, reason: object, code: str) -> None:
        super().__init__(reason)
        self.code = code


def parse(number: str) -> Parsed:
    """The birth date and gender a valid number encodes; `InvalidIdNumber` otherwise."""
    number = number.strip().upper()
    if len(number) != 18 or not number[:17].isdigit() or number[17] not in CHECK:
        raise InvalidIdNumber(_("it must be 17 digits and a check character (0-9 or X)"), "shape")
    if check_character(number[:17]) != number[17]:
        raise InvalidIdNumber(_("its check character does not match the other 17"), "check_digit")
    try:
        birth = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError as exc:
        raise InvalidIdNumber(_("the birth date in it is not a real date"), "birth_date") from exc
    if birth > timezone.localdate():
        raise InvalidIdNumber(_("the birth date in it is in the future"), "birth_future")
    return Parsed(birth, "M" if int(number[16]) % 2 else "F")


def mask(number: str) -> str:
    """`3301**********1234`: the first four and last four characters, the rest hidden."""
    number = number.strip()
    if len(number) <= 8:
        return "*" * len(number)
    return f"{number[:4]}{'*' * (len(number) - 8)}{number[-4:]}"
