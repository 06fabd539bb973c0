"""The QR code of a reference, as rows the screen draws one square per module.

Only ever pass a reference (or order number) the customer is shown anyway: never a grant or a
token. The quiet zone (4 light modules on every side) is part of the rows, so a screen that
draws every row on white gets a code a phone camera reads.
"""

from __future__ import annotations

from functools import lru_cache

import qrcode
from qrcode.constants import ERROR_CORRECT_M

QUIET_ZONE = 4  # modules: what the QR standard asks for around the symbol


@lru_cache(maxsize=2)  # the presenter runs every second; a reference changes once a visit
def _rows(text: str) -> tuple[str, ...]:
    code = qrcode.QRCode(border=QUIET_ZONE, error_correction=ERROR_CORRECT_M)
    code.add_data(text)
    code.make(fit=True)
    return tuple("".join("1" if dark else "0" for dark in row) for row in code.get_matrix())


def qr_rows(text: str) -> list[str]:
    """`text` as a square of rows of "1" (dark) and "0" (light); no text, no rows."""
    return list(_rows(text)) if text else []
