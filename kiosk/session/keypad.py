"""One key from the on-screen keypad applied to a field: the only way customers type."""

from __future__ import annotations


def edit(text: str, key: str, limit: int) -> str:
    """`text` after `key` (a character, `backspace`, `clear` or `space`), at most `limit` long."""
    if key == "backspace":
        return text[:-1]
    if key == "clear":
        return ""
    if key == "space":
        key = " "
    if len(key) != 1 or not key.isprintable() or len(text) >= limit:
        return text
    return text + key
