"""Text folded for matching: lower case, no accents, words only.

Recognisers and people spell the same word many ways ("Röntgen", "rontgen",
"plas-"); matching is done on this folded form only, never on what is spoken.
"""

from __future__ import annotations

import re
import unicodedata

_NOT_WORD = re.compile(r"[^0-9a-z]+")


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    ascii_only = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NOT_WORD.sub(" ", ascii_only).strip()


def words(text: str) -> list[str]:
    return fold(text).split()
