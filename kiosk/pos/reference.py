"""Reference codes people can read aloud and type, and the QR code that carries one.

A reference looks like `K7-3F9Q`: the kiosk's short name, a dash, four characters from
Crockford's base 32 (no I, L, O or U, so nothing reads as another character). It points at a
handoff; it is not a credential and never contains the grant.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable

from kiosk.core.codes import ALPHABET, DENIED_WORDS, MAX_DRAWS, random_code, spells_a_word

__all__ = ["ALPHABET", "DENIED_WORDS", "kiosk_prefix", "new_reference", "qr_modules"]
__all__ += ["random_code", "spells_a_word"]

SUFFIX_LENGTH = 4
MAX_PREFIX = 4
REFERENCE_PATTERN = re.compile(r"^[A-Z0-9]{1,4}-[0-9A-HJKMNP-TV-Z]{4}$")


def kiosk_prefix(kiosk_id: str) -> str:
    """The kiosk's id as a reference prefix: letters and digits, upper case, at most 4."""
    cleaned = re.sub(r"[^A-Z0-9]", "", kiosk_id.upper())
    return cleaned[:MAX_PREFIX] or "K"


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
