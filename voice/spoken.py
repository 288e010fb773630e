"""The leaflet's text in the form it is spoken: words, not signs.

Only the form changes ("bv." -> "bijvoorbeeld", brackets -> pauses); the words of
the leaflet stay the leaflet's. Quotes are joined the way the leaflet joins them: a
line ending in ":" introduces the list items after it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class SpeechForm:
    written: str
    spoken: str


_SPACE_BEFORE_MARK = re.compile(r"\s+([,.;:!?])")
_REPEATED_COMMA = re.compile(r",(\s*,)+")
_COMMA_BEFORE_END = re.compile(r",\s*([.;:!?])")


def _tidy(text: str) -> str:
    text = text.replace("“", "").replace("”", "").replace('"', "")
    text = text.replace(" (", ", ").replace("(", "").replace(")", ",")
    text = " ".join(text.split())
    text = _SPACE_BEFORE_MARK.sub(r"\1", text)
    text = _REPEATED_COMMA.sub(",", text)
    text = _COMMA_BEFORE_END.sub(r"\1", text)
    return text.strip(" ,")


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _ended(text: str) -> str:
    text = text.rstrip(" ;,")
    return text if text.endswith((".", "!", "?", ":")) else text + "."


@dataclass(frozen=True)
class Speaker:
    """Turns leaflet quotes into the text the voice says."""

    forms: tuple[SpeechForm, ...]
    items: frozenset[str]  # the leaflet's list items: they read as a list after a ":"

    def say(self, text: str) -> str:
        for form in self.forms:
            text = text.replace(form.written, form.spoken)
        return _tidy(text)

    def compose(self, quotes: Sequence[str]) -> str:
        """One spoken text from leaflet quotes, in order."""
        out: list[str] = []
        in_list = False
        for quote in quotes:
            spoken = self.say(quote)
            if not spoken:
                continue
            is_item = " ".join(quote.split()) in self.items
            if in_list and is_item:
                out[-1] = out[-1].rstrip(" ;.,") + ";"
                out.append(spoken.rstrip(" ;.,") + ".")
                continue
            if out and out[-1].endswith(":"):
                in_list = is_item
                out.append(spoken.rstrip(" ;.,") + "." if is_item else _ended(_capital(spoken)))
                continue
            in_list = False
            out.append(_ended(_capital(spoken)))
        return " ".join(out)
