"""Reference codes people can read aloud and type, and the QR code that carries one.

A reference looks like `K7-3F9Q`: the kiosk's short name, a dash, four characters from
Crockford's base 32 (no I, L, O or U, so nothing reads as another character). It points at a
handoff; it is not a credential and never contains the grant.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
SUFFIX_LENGTH = 4
MAX_PREFIX = 4
REFERENCE_PATTERN = re.compile(r"^[A-Z0-9]{1,4}-[0-9A-HJKMNP-TV-Z]{4}$")


def kiosk_prefix(kiosk_id: str) -> str:
    """The kiosk's id as a reference prefix: letters and digits, upper case, at most 4."""
    cleaned = re.sub(r"[^A-Z0-9]", "", kiosk_id.upper())
    return cleaned[:MAX_PREFIX] or "K"


# Words a code must not spell, read the way people read codes: digits as the letters they
# look like. Short on purpose: the alphabet has no I, L, O or U, which rules out most others.
DENIED_WORDS = (
    "ASS", "CNT", "COC", "CUM", "DCK", "DIE", "DIK", "FAG", "FCK", "FUC", "FUK", "GAY",
    "JEW", "KKK", "KYS", "NAZ", "NGR", "NIG", "PIS", "PNS", "POO", "PSS", "SEX", "SHT",
    "SHIT", "SUK", "TIT", "TWAT", "VAG", "WTF", "XXX",
)
_LOOKALIKES = str.maketrans("01345789", "OIEASTBG")
MAX_DRAWS = 64  # with ~1% of codes denied, 64 rejections in a row does not happen


def spells_a_word(code: str) -> bool:
    """Whether `code` (or the code with its digits read as letters) contains a denied word."""
    plain = code.upper()
    read = plain.translate(_LOOKALIKES)
    return any(word in plain or word in read for word in DENIED_WORDS)


def random_code(length: int, choice: Callable[[str], str] = secrets.choice) -> str:
    """`length` characters from `ALPHABET` that spell no denied word."""
    for _ in range(MAX_DRAWS):
        code = "".join(choice(ALPHABET) for _ in range(length))
        if not spells_a_word(code):
            return code
    raise RuntimeError("could not draw a code that spells no word")  # pragma: no cover


def new_reference(kiosk_id: str, choice: Callable[[str], str] = secrets.choice) -> str:
    prefix = kiosk_prefix(kiosk_id)
    for _ in range(MAX_DRAWS):
        reference = f"{prefix}-{random_code(SUFFIX_LENGTH, choice)}"
        if not spells_a_word(reference.replace("-", "")):  # across the dash too
            return reference
    raise RuntimeError("could not draw a reference that spells no word")  # pragma: no cover


def qr_modules(text: str) -> list[list[bool]]:
    """The QR code for `text` as rows of dark (True) and light modules, quiet zone included.

    For showing a reference on screen when the receipt cannot be printed: the UI draws one
    square per module. Only ever pass a reference code, never a grant.
    """
    import qrcode  # installed with python-escpos

    code = qrcode.QRCode(border=2, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(text)
    code.make(fit=True)
    return [list(row) for row in code.get_matrix()]
