"""How fast the assistant speaks, in words a minute: the default and the range a setting may ask."""

from __future__ import annotations

WORDS_PER_MINUTE = 140  # espeak's 175 is too fast for elderly and low-literacy listeners
SLOWEST, FASTEST = 40, 400
RANGE = f"between {SLOWEST} and {FASTEST}"


def allowed(words_per_minute: int) -> bool:
    return SLOWEST <= words_per_minute <= FASTEST
