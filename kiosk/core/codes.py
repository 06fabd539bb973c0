"""Short codes people can read aloud and type: an unambiguous alphabet and a deny-list.

Crockford's base 32 (no I, L, O or U, so nothing reads as another character), and a short
list of words no code may spell, read the way people read codes: digits as the letters they
look like. Shared by the kiosk's handoff references and the venue's draw-entry references.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

# Short on purpose: the alphabet has no I, L, O or U, which rules out most others.
DENIED_WORDS = (
    "ASS", "CNT", "COC", "CUM", "DCK", "DIE", "DIK", "FAG", "FCK", "FUC", "FUK", "GAY",
    "JEW", "KKK", "KYS", "NAZ", "NGR", "NIG", "PIS", "PNS", "POO", "PSS", "SEX", "SHT",
    "SHIT", "SUK", "TIT", "TWAT", "VAG", "WTF", "XXX",
)  # fmt: skip
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


def normalized_code(typed: str) -> str:
    """A typed code as it was issued: upper case, no spaces or dashes, and the letters people
    confuse with digits read as those digits (O -> 0, I and L -> 1), as Crockford's base 32
    reads them."""
    cleaned = "".join(typed.split()).replace("-", "").upper()
    return cleaned.translate(str.maketrans("OIL", "011"))
