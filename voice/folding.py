"""Text normalised for comparing, one form for each way texts are compared.

Recognisers and people spell the same word many ways ("Röntgen", "rontgen",
"plas-"); matching is done on the folded form only, never on what is spoken.
"""

from __future__ import annotations

import re
import unicodedata

_NOT_WORD = re.compile(r"[^0-9a-z]+")


def fold(text: str) -> str:
    """Lower case, no accents, words only, one space between them: how meaning is matched."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    ascii_only = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NOT_WORD.sub(" ", ascii_only).strip()


def words(text: str) -> list[str]:
    return fold(text).split()


def squash(text: str) -> str:
    """Whitespace as one space, all else kept: passages are compared on words, not on line breaks."""
    return " ".join(text.split())


def letters(text: str) -> str:
    """Only the letters and digits, lower case, accents kept: how alike two texts sound, roughly.

    Whisper's thresholds of closeness in letters are calibrated on this form."""
    return "".join(c for c in text.lower() if c.isalnum())
